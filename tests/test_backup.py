"""deploy/backup.sh and deploy/restore.sh bring back the same site: data, counts and media."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the backup scripts copy a SQLite file; PostgreSQL sites use pg_dump",
)

MAKE_DATA = """
from io import BytesIO
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from PIL import Image
from articles.models import Article, DailyViews
from tests.factories import ArticleFactory, CommentFactory

buffer = BytesIO()
Image.new("RGB", (800, 450), (200, 30, 30)).save(buffer, "PNG")
for n in range(3):
    article = ArticleFactory(body_markdown=f"## 第{n}节\\n\\n正文 {n}")
    if n == 0:
        article.cover.save("cover.png", ContentFile(buffer.getvalue()))
    CommentFactory.create_batch(n + 1, article=article)
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 10 * n + 7)
    DailyViews.objects.create(article=article, date=timezone.localdate(), views=n + 3)
"""

SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from articles.models import Article
from comments.models import Comment

media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "articles": list(Article.objects.order_by("pk").values()),
    "comments": list(Comment.objects.order_by("pk").values()),
    "rows": {m._meta.label: m.objects.count() for m in apps.get_models()},
    "media": {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*")) if p.is_file()
    },
}, cls=DjangoJSONEncoder, sort_keys=True))
"""


def _runner(env):
    def run(*args, check=True):
        result = subprocess.run(
            args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def manage_shell(code):
        return run(sys.executable, "manage.py", "shell", "--no-imports", "-c", code).stdout

    return run, manage_shell


def _site_env(folder):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_DEBUG="1",
        SQLITE_PATH=str(folder / "data" / "site.sqlite3"),
        DJANGO_MEDIA_ROOT=str(folder / "data" / "media"),
        BACKUP_DIR=str(folder / "backups"),
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    """A one-server site's data folder, migrated and filled once for this module."""
    folder = tmp_path_factory.mktemp("template")
    (folder / "data").mkdir()
    run, manage_shell = _runner(_site_env(folder))
    run(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0")
    run(sys.executable, "manage.py", "createcachetable")
    manage_shell(MAKE_DATA)
    return folder / "data"


@pytest.fixture
def site(tmp_path, populated):
    """A throwaway copy of that site: its own SQLite file and media folder."""
    shutil.copytree(populated, tmp_path / "data")
    env = _site_env(tmp_path)
    run, manage_shell = _runner(env)
    return {
        "run": run,
        "snapshot": lambda: json.loads(manage_shell(SNAPSHOT)),
        "shell": manage_shell,
        "db": Path(env["SQLITE_PATH"]),
        "media": Path(env["DJANGO_MEDIA_ROOT"]),
        "backups": Path(env["BACKUP_DIR"]),
    }


def _wipe(site):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{site['db']}{suffix}").unlink(missing_ok=True)
    for path in sorted(site["media"].rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    site["media"].rmdir()


def test_backup_then_restore_brings_back_the_same_site(site):
    """Articles, comments, every table's row count, view counts and media all come back."""
    before = site["snapshot"]()
    assert len(before["articles"]) == 3 and len(before["comments"]) == 6
    assert sorted(a["view_count"] for a in before["articles"]) == [7, 17, 27]
    assert any(name.startswith("covers/") for name in before["media"])

    folder = Path(site["run"](str(ROOT / "deploy/backup.sh")).stdout.strip())
    assert folder.parent == site["backups"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "db.sqlite3",
        "manifest.json",
        "media.tar.gz",
    ]
    _wipe(site)
    site["run"](str(ROOT / "deploy/restore.sh"), str(folder))
    assert site["snapshot"]() == before


def test_restore_refuses_to_overwrite_without_force_and_keeps_old_data_aside(site):
    """Existing data is never silently replaced; with --force it is renamed, not deleted."""
    before = site["snapshot"]()
    folder = site["run"](str(ROOT / "deploy/backup.sh")).stdout.strip()
    site["shell"](
        "from tests.factories import CommentFactory; from articles.models import Article; "
        "CommentFactory(article=Article.objects.first(), body='备份之后的新评论')"
    )
    after_backup = site["snapshot"]()

    refused = site["run"](str(ROOT / "deploy/restore.sh"), folder, check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert site["snapshot"]() == after_backup

    forced = site["run"](str(ROOT / "deploy/restore.sh"), folder, "--force")
    assert site["snapshot"]() == before
    kept = [Path(line.split("：", 1)[1]) for line in forced.stdout.splitlines() if "：" in line]
    assert any(p.name.startswith("site.sqlite3.before-restore-") for p in kept)
    assert any(p.name.startswith("media.before-restore-") for p in kept)
    assert all(p.exists() for p in kept)


def test_backups_are_pruned_and_damaged_ones_refused(site):
    """Only the newest BACKUP_KEEP backups stay; a backup that fails its checksum is refused."""
    for _ in range(3):
        site["run"](str(ROOT / "deploy/backup.sh"), "--keep", "2")
    folders = sorted(site["backups"].iterdir())
    assert len(folders) == 2

    damaged = folders[-1] / "db.sqlite3"
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"x" * 10)
    _wipe(site)
    result = site["run"](str(ROOT / "deploy/restore.sh"), str(folders[-1]), check=False)
    assert result.returncode != 0 and "校验和不符" in result.stderr
    assert not site["db"].exists()
