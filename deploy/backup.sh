#!/usr/bin/env bash
# 一窗通 nightly backup (yichuang-backup.service): the database through scripts/backup.sh, the
# uploaded materials and sealed PDFs (media/), into $BACKUP_DIR; older than $KEEP_DAYS removed.
# The keys (SECRET_KEY, YICHUANG_SEAL_KEY) are NOT copied here: /etc/yichuang/yichuang.env is
# backed up apart from the data (docs/deployment.md § 备份与恢复).
set -euo pipefail
BACKUP_DIR=${BACKUP_DIR:-/var/backups/yichuang}
KEEP_DAYS=${KEEP_DAYS:-30}
VAR_DIR=${YICHUANG_VAR_DIR:-/var/lib/yichuang}
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"
"$(dirname "$0")/../scripts/backup.sh" "$BACKUP_DIR/yichuang-$stamp.dump"
if [ -d "$VAR_DIR/media" ]; then tar -C "$VAR_DIR" -czf "$BACKUP_DIR/media-$stamp.tgz" media; fi
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'yichuang-*' -o -name 'media-*' \) -mtime +"$KEEP_DAYS" -delete
