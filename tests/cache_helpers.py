"""What the shared cache holds, counted in the backend itself (database table or Redis)."""

from django.core.cache import cache
from django.db import connection


def cache_footprint() -> tuple[int, int]:
    """(keys, bytes of values) in the default cache, expired rows included."""
    if not hasattr(cache, "_table"):  # django-redis
        client = cache.client.get_client()
        keys = list(client.scan_iter(count=1000))
        return len(keys), sum(client.strlen(key) for key in keys)
    table = connection.ops.quote_name(cache._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM {table}")
        keys, size = cursor.fetchone()
    return keys, size
