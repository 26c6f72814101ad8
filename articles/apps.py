from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "文章"

    def ready(self):
        from django.conf import settings

        from articles import hot, revisions, signals  # noqa: F401  (connects the receivers)
        from articles.models import Article
        from core import pagecache

        revisions.register()
        pagecache.register_schedule(Article.objects.next_publish_at)
        pagecache.register_refresher(hot.refresh, settings.HOT_ARTICLES_CACHE_SECONDS)
