#!/usr/bin/env bash
# Restore a backup folder made by deploy/backup.sh: the database file and the media folder.
# Usage: deploy/restore.sh /var/backups/kxian/kxian-<time> [--force]
# Stop the site first (systemctl stop kxian-gunicorn kxian-flush-views.timer). Existing data
# is refused without --force, and with it is renamed aside (*.before-restore-*), never deleted.
set -euo pipefail
app_dir="$(cd "$(dirname "$0")/.." && pwd)"
python="$app_dir/.venv/bin/python"
[ -x "$python" ] || python=python3
exec "$python" "$app_dir/deploy/sitebackup.py" restore "$@"
