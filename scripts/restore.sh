#!/usr/bin/env bash
# Restore a backup into a NEW database: scripts/restore.sh BACKUP TARGET_DATABASE_URL
#
# Never restores over an existing database: the target is created here (PostgreSQL: CREATE
# DATABASE on the target server; SQLite: a new file) and the command refuses if it exists.
# Afterwards: DATABASE_URL=TARGET yichuang verify_audit (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
if [ $# -ne 2 ]; then echo "usage: $0 BACKUP TARGET_DATABASE_URL" >&2; exit 2; fi
backup="$1" url="$2"
[ -f "$backup" ] || { echo "restore.sh: no such backup: $backup" >&2; exit 2; }

case "$url" in
  postgres://*|postgresql://*|pgsql://*)
    target="postgresql://${url#*://}"
    name="${target##*/}"; name="${name%%\?*}"
    server="${target%/*}/postgres"
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "restore.sh: unusual database name: $name" >&2; exit 2; }
    exists=$(psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")
    [ -z "$exists" ] || { echo "restore.sh: database $name already exists; restore into a new one" >&2; exit 3; }
    psql "$server" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$name\""
    pg_restore --exit-on-error --no-owner --no-privileges --single-transaction --dbname="$target" "$backup"
    ;;
  sqlite://*)
    path="${url#sqlite://}"; path="${path#/}"  # as dj-database-url: sqlite:////abs/file, sqlite:///relative
    [ ! -e "$path" ] || { echo "restore.sh: $path already exists; restore into a new file" >&2; exit 3; }
    mkdir -p "$(dirname "$path")"
    "$PYTHON" - "$backup" "$path" <<'PY'
import sqlite3, sys
with sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True) as src, sqlite3.connect(sys.argv[2]) as dst:
    src.backup(dst)
    assert dst.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity check failed"
PY
    ;;
  *) echo "restore.sh: unsupported DATABASE_URL scheme: ${url%%:*}" >&2; exit 2 ;;
esac
echo "restored $backup into ${url%%://*}://…/${url##*/}"
