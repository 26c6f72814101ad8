from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView, TemplateView
from django.views.static import serve

from articles import uploads
from articles.sitemaps import SITEMAPS
from core import admin_shortcut
from core.pagecache import public_page
from health.views import healthz

admin.site.site_header = "K线学堂 · 作者后台"
admin.site.site_title = "K线学堂后台"
admin.site.index_title = "内容管理"


robots_txt = cache_control(public=True, max_age=3600)(
    TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8")
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages (the admin) that do not name an icon.
    path(
        "favicon.ico",
        RedirectView.as_view(url="/" + settings.STATIC_URL.lstrip("/") + "img/favicon.svg"),
    ),
    path(
        "sitemap.xml",
        public_page(query_params=("p",))(sitemap_views.sitemap),
        # Our template: lastmod as a full time, where Django's gives the date only.
        {"sitemaps": SITEMAPS, "template_name": "sitemap.xml"},
        name="sitemap",
    ),
    # Before admin.site.urls: the "view on site" shortcut checks the object's permission.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin_shortcut.view),
    path("admin/", admin.site.urls),
    # Our checked upload replaces django_ckeditor_5's, under the name its widget reverses.
    path("ckeditor5/image_upload/", uploads.upload_image, name="ck_editor_5_upload_file"),
    path("", include("indicators.urls")),
    path("comments/", include("comments.urls")),
    path("search/", include("search.urls")),
    path("practice/", include("practice.urls")),
    path("", include("articles.urls")),
]


handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"


def media(request, path):
    """Uploads, from wherever MEDIA_ROOT points at the time of the request."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, SuspiciousFileOperation):
        # A name the file system refuses (too long, say) or one outside MEDIA_ROOT names
        # no file we serve.
        raise Http404("没有这个文件") from None
    response["Cache-Control"] = f"public, max-age={settings.MEDIA_CACHE_SECONDS}"
    # Also set here, not only by SecurityMiddleware: uploads are what a browser must
    # never sniff into HTML or script.
    response["X-Content-Type-Options"] = "nosniff"
    return response


if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", media))
