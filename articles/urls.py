from django.urls import path

from articles import autosave, beacon, demo_picker, draft_preview, feeds, qr, views
from core.pagecache import public_page

# Feeds are public pages too: the same for every reader, served from the page cache.
cached = public_page()

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/rss/", cached(feeds.ArticleFeed()), name="feed_rss"),
    path("feed/atom/", cached(feeds.SiteAtomFeed()), name="feed_atom"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="month"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/feed/rss/", cached(feeds.CategoryFeed()), name="category_feed_rss"),
    path(
        "category/<slug:slug>/feed/atom/",
        cached(feeds.CategoryAtomFeed()),
        name="category_feed_atom",
    ),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/rss/", cached(feeds.AuthorFeed()), name="author_feed_rss"),
    path("authors/<slug:slug>/feed/atom/", cached(feeds.AuthorAtomFeed()), name="author_feed_atom"),
    path("articles/preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("articles/preview/unsaved/", draft_preview.preview_unsaved, name="preview_unsaved"),
    path(
        "articles/preview/unsaved/<int:pk>/",
        draft_preview.preview_unsaved,
        name="preview_unsaved",
    ),
    path("articles/autosave/<int:pk>/", autosave.autosave, name="autosave"),
    path("articles/editor/demo-code/", demo_picker.demo_code, name="demo_code"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/view/", beacon.record_view, name="record_view"),
    path("articles/<slug:slug>/qr.svg", qr.qr_code, name="qr"),
]
