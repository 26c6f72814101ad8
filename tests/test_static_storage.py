"""Production static files: the demo's ES modules import one another by hashed name."""

import re

from django.conf import settings as django_settings
from django.core.management import call_command

PRODUCTION_STORAGES = {
    **django_settings.STORAGES,
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}


def collect(settings, tmp_path):
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = tmp_path
    # Only our own folder, so the test stays quick; bin/test collects everything.
    settings.STATICFILES_DIRS = [django_settings.BASE_DIR / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path / "js" / "demo"


def test_hashed_modules_import_hashed_modules(settings, tmp_path):
    """A cached-for-good main.<hash>.js only ever imports files that are hashed too."""
    folder = collect(settings, tmp_path)
    hashed = sorted(folder.glob("*.[0-9a-f]*.js"))
    imports = [url for path in hashed for url in re.findall(r'from "([^"]+)"', path.read_text())]
    assert any(path.name.startswith("main.") for path in hashed)
    assert imports, "no module imports found"
    for url in imports:
        assert re.fullmatch(r"\./[\w-]+\.[0-9a-f]{12}\.js", url), url
        assert (folder / url).exists(), url
