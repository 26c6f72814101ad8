from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from django.views.static import serve

from articles.sitemaps import ArticleSitemap
from core.pagecache import public_page

admin.site.site_header = "K线学堂 · 作者后台"
admin.site.site_title = "K线学堂后台"
admin.site.index_title = "内容管理"


@require_GET
def healthz(request):
    """For load balancers: the process answers. Deliberately touches nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages (the admin) that do not name an icon.
    path(
        "favicon.ico",
        RedirectView.as_view(url="/" + settings.STATIC_URL.lstrip("/") + "img/favicon.svg"),
    ),
    path(
        "sitemap.xml",
        public_page(query_params=("p",))(sitemap_views.sitemap),
        {"sitemaps": {"articles": ArticleSitemap}},
        name="sitemap",
    ),
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("", include("indicators.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]


def media(request, path):
    """Uploads, from wherever MEDIA_ROOT points at the time of the request."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", media))
