#!/usr/bin/env bash
# Back up YiChuang's database: scripts/backup.sh [OUTPUT]
#
# Reads DATABASE_URL as the application does (SQLite file by default). PostgreSQL: pg_dump's
# custom format (-Fc: compressed, restorable table by table, consistent snapshot while the
# service runs). SQLite: the online backup API (a consistent copy while the service writes).
# Prints the file it wrote. The seal key (YICHUANG_SEAL_KEY) and media/ (uploaded materials,
# sealed PDFs) are backed up separately: see docs/reliability.md § Backup and restore.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
url="${DATABASE_URL:-sqlite:///${YICHUANG_VAR_DIR:-var}/yichuang.sqlite3}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

case "$url" in
  postgres://*|postgresql://*|pgsql://*)
    out="${1:-var/backups/yichuang-$stamp.dump}"
    mkdir -p "$(dirname "$out")"
    # libpq takes the URL itself; "pgsql://" (a dj-database-url alias) is not one of its schemes.
    pg_dump --format=custom --no-owner --no-privileges --file="$out.partial" --dbname="postgresql://${url#*://}"
    ;;
  sqlite://*)
    out="${1:-var/backups/yichuang-$stamp.sqlite3}"
    mkdir -p "$(dirname "$out")"
    "$PYTHON" - "${url#sqlite://}" "$out.partial" <<'PY'
import sqlite3, sys
source, target = sys.argv[1][1:], sys.argv[2]  # as dj-database-url: sqlite:////abs/file, sqlite:///relative
with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
    src.backup(dst)
PY
    ;;
  *) echo "backup.sh: unsupported DATABASE_URL scheme: ${url%%:*}" >&2; exit 2 ;;
esac
mv "$out.partial" "$out"  # only a complete backup carries the final name
echo "$out"
