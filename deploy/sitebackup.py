"""Back up and restore a one-server K线学堂: the SQLite database and the uploaded media.

Called by deploy/backup.sh and deploy/restore.sh. Paths come from the same environment
as the site (SQLITE_PATH, DJANGO_MEDIA_ROOT, read through config.settings), so a backup
always copies what the running site uses.

A backup is a folder kxian-<UTC time>/ holding db.sqlite3 (a consistent copy made with
VACUUM INTO while the site keeps running), media.tar.gz and manifest.json (SHA-256 of
both). Only the newest BACKUP_KEEP folders are kept.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "kxian-"
FILES = ("db.sqlite3", "media.tar.gz")


class BackupError(Exception):
    pass


def site_paths() -> tuple[Path, Path]:
    """The SQLite file and the media folder of this site, as its settings define them."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise BackupError("这个脚本只备份 SQLite；PostgreSQL 请用 pg_dump / pg_restore。")
    return Path(database["NAME"]), Path(settings.MEDIA_ROOT)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_sqlite(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    finally:
        connection.close()
    if result != "ok":
        raise BackupError(f"{path} 未通过完整性检查：{result}")


def backup(destination: Path, keep: int) -> Path:
    db_path, media_root = site_paths()
    if not db_path.exists():
        raise BackupError(f"数据库文件不存在：{db_path}")
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = destination / f"{PREFIX}{stamp}"
    # Built under a temporary name and renamed at the end: a half-written backup (disk
    # full, killed job) is never mistaken for a good one or counted for retention.
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=destination))
    try:
        source = sqlite3.connect(db_path, timeout=60)
        try:
            # One consistent snapshot, WAL included, without stopping the site.
            source.execute("VACUUM INTO ?", (str(work / "db.sqlite3"),))
        finally:
            source.close()
        _check_sqlite(work / "db.sqlite3")
        with tarfile.open(work / "media.tar.gz", "w:gz") as archive:
            if media_root.is_dir():
                for item in sorted(media_root.iterdir()):
                    archive.add(item, arcname=item.name)
        manifest = {
            "created": stamp,
            "files": {name: _sha256(work / name) for name in FILES},
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        work.chmod(0o700)  # the database holds password hashes and commenters' details
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for old in sorted(destination.glob(f"{PREFIX}*"))[:-keep]:
        shutil.rmtree(old)
    return final


def _verify(folder: Path) -> None:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{folder} 不是备份目录（没有 manifest.json）")
    expected = json.loads(manifest_path.read_text())["files"]
    for name in FILES:
        if _sha256(folder / name) != expected.get(name):
            raise BackupError(f"{folder / name} 与 manifest.json 的校验和不符，备份已损坏")
    _check_sqlite(folder / "db.sqlite3")


def _has_data(db_path: Path, media_root: Path) -> bool:
    db_files = [db_path, *(Path(f"{db_path}{s}") for s in ("-wal", "-shm", "-journal"))]
    in_use = any(p.exists() and p.stat().st_size for p in db_files)
    return in_use or (media_root.is_dir() and any(media_root.iterdir()))


def restore(folder: Path, force: bool) -> list[Path]:
    """Put the backup's database and media in place. Returns what was moved aside."""
    _verify(folder)
    db_path, media_root = site_paths()
    if _has_data(db_path, media_root) and not force:
        raise BackupError(
            f"{db_path} 或 {media_root} 已有数据。确认要用备份替换它们，请加 --force"
            "（现有文件会改名保留，不会删除）。"
        )
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = []
    db_path.parent.mkdir(parents=True, exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # The old -wal/-shm files belong to the old database: left beside the restored file,
    # SQLite would replay them into it. They move aside with it.
    for path in [db_path, *(Path(f"{db_path}{s}") for s in ("-wal", "-shm", "-journal"))]:
        if path.exists():
            target = path.with_name(f"{path.name}.before-restore-{stamp}")
            path.rename(target)
            aside.append(target)
    copy = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copy2(folder / "db.sqlite3", copy)
    copy.replace(db_path)

    unpacked = Path(tempfile.mkdtemp(prefix=".restoring-", dir=media_root.parent))
    with tarfile.open(folder / "media.tar.gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
        archive.extractall(unpacked, filter="data")
    if media_root.exists():
        target = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(target)
        aside.append(target)
    unpacked.chmod(0o755)
    unpacked.rename(media_root)
    return aside


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="make a backup now")
    make.add_argument(
        "destination",
        nargs="?",
        default=os.environ.get("BACKUP_DIR", "/var/backups/kxian"),
        help="folder that holds the backups (default: $BACKUP_DIR or /var/backups/kxian)",
    )
    make.add_argument(
        "--keep",
        type=int,
        default=int(os.environ.get("BACKUP_KEEP", "14")),
        help="how many backups to keep (default: $BACKUP_KEEP or 14)",
    )
    back = commands.add_parser("restore", help="restore one backup folder")
    back.add_argument("folder", help="a kxian-<time> folder made by backup")
    back.add_argument("--force", action="store_true", help="replace existing data (kept aside)")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            if args.keep < 1:
                raise BackupError("--keep 至少为 1")
            print(backup(Path(args.destination), args.keep))
        else:
            for path in restore(Path(args.folder), args.force):
                print(f"原有数据已改名保留：{path}")
            print("已恢复。请重启 kxian-gunicorn。")
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
