"""The site's URLs plus test-only routes: views that fail, and media whatever SERVE_MEDIA."""

from django.urls import path, re_path

from config import urls as site

# Django reads the error handlers from the root URLconf module itself.
handler400, handler403 = site.handler400, site.handler403
handler404, handler500 = site.handler404, site.handler500


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/indicators/fail/boom/", fail),
    path("fail/", fail),
    re_path(r"^media/(?P<path>.*)$", site.media),
    *site.urlpatterns,
]
