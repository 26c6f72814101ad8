#!/usr/bin/env bash
# Back up the SQLite database (VACUUM INTO, safe while the site runs) and the media folder.
# Usage: deploy/backup.sh [DESTINATION] [--keep N]   (defaults: $BACKUP_DIR, $BACKUP_KEEP)
# Reads the same environment as the site (/etc/kxian/env under systemd).
set -euo pipefail
app_dir="$(cd "$(dirname "$0")/.." && pwd)"
python="$app_dir/.venv/bin/python"
[ -x "$python" ] || python=python3
umask 077
exec "$python" "$app_dir/deploy/sitebackup.py" backup "$@"
