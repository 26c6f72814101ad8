"""Static files storage for production (debug off)."""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's compressed, hashed storage, also rewriting ES module imports.

    The demo script is ES modules (static/js/demo/) that import one another by relative
    path. Django rewrites those paths to the hashed names only with this switch; without it
    a hashed main.js, cached for good, would import whatever unhashed demo.js is current.
    """

    support_js_module_import_aggregation = True
    # Django's import patterns, for our own scripts only: third-party bundles such as
    # django_ckeditor_5/app.js hold import-like text naming files they do not ship.
    _js_module_import_aggregation_patterns = (
        "js/*.js",
        HashedFilesMixin._js_module_import_aggregation_patterns[1],
    )
