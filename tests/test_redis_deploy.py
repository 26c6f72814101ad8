"""The shipped Redis configuration: counts persisted and never evicted, the cache evicting."""

import io
import shutil

import pytest
import redis
from django.core.management import call_command

from tests.factories import ArticleFactory
from tests.redis_servers import COUNTS_CONF, RedisServer

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)
CACHE_CONF = COUNTS_CONF.with_name("cache.conf")


@pytest.fixture
def started(tmp_path):
    """Starts a shipped configuration on a throwaway port; stops it afterwards."""
    servers = []

    def start(conf):
        servers.append(RedisServer(tmp_path / conf.stem, config=conf))
        (tmp_path / conf.stem).mkdir()
        return servers[-1].start()

    yield start
    for server in servers:
        server.stop()


def configuration(server) -> dict:
    client = redis.Redis.from_url(server.url, decode_responses=True)
    names = ["maxmemory-policy", "maxmemory", "appendonly", "appendfsync", "save"]
    return {name: client.config_get(name)[name] for name in names}


@needs_redis_server
def test_counts_instance_persists_every_second_and_never_evicts(started):
    """deploy/redis/counts.conf: AOF everysec, a memory limit, and noeviction."""
    config = configuration(started(COUNTS_CONF))
    assert config["appendonly"] == "yes" and config["appendfsync"] == "everysec"
    assert config["maxmemory-policy"] == "noeviction" and int(config["maxmemory"]) > 0


@needs_redis_server
def test_cache_instance_evicts_and_keeps_nothing_on_disk(started):
    """deploy/redis/cache.conf: a memory limit with allkeys-lru, no persistence."""
    config = configuration(started(CACHE_CONF))
    assert config["maxmemory-policy"] == "allkeys-lru" and int(config["maxmemory"]) > 0
    assert config["appendonly"] == "no" and config["save"] == ""


@needs_redis_server
@pytest.mark.django_db
@pytest.mark.parametrize(("conf", "warned"), [(COUNTS_CONF, False), (CACHE_CONF, True)])
def test_flush_views_warns_when_counts_could_be_evicted(started, settings, conf, warned):
    """Pointing REDIS_COUNTS_URL at an evicting, unpersisted Redis is reported."""
    settings.REDIS_COUNTS_URL = started(conf).url
    ArticleFactory()
    out, err = io.StringIO(), io.StringIO()
    call_command("flush_views", stdout=out, stderr=err)
    assert "写入 0 次阅读" in out.getvalue()
    assert ("allkeys-lru may evict counts" in err.getvalue()) is warned
    assert ("appendonly no" in err.getvalue()) is warned


@pytest.mark.parametrize(
    ("cache_url", "counts_url"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("redis://:secret@cache.internal:6379/4", "redis://:secret@cache.internal:6379/5"),
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
    ],
)
def test_counts_default_to_the_cache_servers_next_database(cache_url, counts_url):
    """Without REDIS_COUNTS_URL, counts never share a database with the page cache."""
    from config.settings.content import _next_database

    assert _next_database(cache_url) == counts_url
