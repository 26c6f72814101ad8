"""What the site says and counts: names, lists, views, the page cache, statistics, comments."""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str
from config.settings.base import BASE_DIR

SITE_NAME = env_str("SITE_NAME", "K线学堂")
# Names no author may sign as and no reader may comment as (articles.names), compared after
# normalising width, case, spaces, look-alikes and traditional characters. PARTS may not
# appear anywhere in a name (SITE_NAME is always among them); NAMES only as the whole name.
RESERVED_NAME_PARTS = env_list(
    "RESERVED_NAME_PARTS",
    [
        "站长",
        "管理员",
        "编辑部",
        "客服",
        "官方",
        "小编",
        "版主",
        "本站",
        "官网",
        "工作人员",
        "kxian",
        "admin",
        "administrator",
        "moderator",
        "webmaster",
    ],
)
RESERVED_NAMES = env_list(
    "RESERVED_NAMES",
    ["管理", "编辑", "主编", "作者", "系统", "系统消息", "staff", "support", "root"],
)
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 10)
# Hot list: views in this many recent days decide the rank, so a new article can rise.
HOT_ARTICLES_WINDOW_DAYS = env_int("HOT_ARTICLES_WINDOW_DAYS", 7)
HOT_ARTICLES_CACHE_SECONDS = env_int("HOT_ARTICLES_CACHE_SECONDS", 300)
# A reader counts once per article within this window.
VIEW_DEDUP_SECONDS = env_int("VIEW_DEDUP_SECONDS", 30 * 60)
# One client address adds at most this many new readers per article in any hour: a
# script that drops its cookie cannot inflate 阅读 beyond it (issue 8).
VIEW_NEW_READERS_PER_ADDRESS = env_int("VIEW_NEW_READERS_PER_ADDRESS", 30)
# With Redis, views gather in atomic counters and are written to the database in one
# statement by `manage.py flush_views`, and by a request at most this often.
VIEW_FLUSH_SECONDS = env_int("VIEW_FLUSH_SECONDS", 10)


def _next_database(url: str) -> str:
    """redis://host:port/0 -> redis://host:port/1: the same server, the next database."""
    parts = urlsplit(url)
    number = parts.path.strip("/")
    following = int(number) + 1 if number.isdigit() else 1
    return urlunsplit(parts._replace(path=f"/{following}"))


# Pending views and the keys that count each reader once live apart from the page cache,
# so that clearing or evicting cache entries can never drop a count (issue 17). In
# production point this at a Redis with AOF and maxmemory-policy noeviction
# (deploy/redis/counts.conf); by default it is REDIS_URL's server, next database.
_REDIS_URL = env_str("REDIS_URL")
REDIS_COUNTS_URL = env_str("REDIS_COUNTS_URL", _next_database(_REDIS_URL) if _REDIS_URL else "")
# A flush writes a closed batch of views only after Redis has had this long to persist
# the close (AOF appendfsync everysec syncs within about two seconds), so that a restart
# can never reopen a batch the database already holds.
VIEW_BATCH_SETTLE_SECONDS = env_int("VIEW_BATCH_SETTLE_SECONDS", 3)
# The database remembers written batch ids this long, to recognise a replayed snapshot;
# a batch closed longer ago than this is dropped with an error, never written twice.
VIEW_BATCH_KEEP_DAYS = env_int("VIEW_BATCH_KEEP_DAYS", 7)

# --- Page cache (core.pagecache) ------------------------------------------------------------
# Public pages for anonymous readers come from the shared cache. Events that change a
# page (saving an article, approving a comment …) make every copy stale at once; this
# bounds how long the 阅读 and 评论 numbers on a copy can lag. 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# Derived fragments (navigation, 上一篇/下一篇/相关文章) are invalidated by events too; this
# bounds how long one can show an edit whose invalidation was lost to a cache outage.
FRAGMENT_MAX_SECONDS = env_int("FRAGMENT_MAX_SECONDS", 300)
PAGE_CACHE_ALIAS = "default"
# Browsers may keep a public page this long before revalidating (a cheap 304).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 0)
# Shared caches (nginx's microcache, a CDN) may keep a public page this long: the
# s-maxage of its Cache-Control. Events show after at most this much more (issue 17).
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 1)
# Slots of each kind of entry that visitors can vary without end (core.pagecache.bounded):
# the most entries of that kind the shared cache ever holds, whatever the URLs. Entries
# are about 40 KB (a search page, plain and gzipped), 130 KB (an API payload) and 3 KB
# (a QR code with a demo state), so the defaults bound them to about 10, 16 and 1 MB.
BOUNDED_CACHE_SLOTS = {
    "search": env_int("SEARCH_CACHE_SLOTS", 256),
    "api": env_int("API_CACHE_SLOTS", 128),
    "qr": env_int("QR_CACHE_SLOTS", 256),
}
# The indicator API: requests a minute per client address before a 429.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120)
# ... and by cost (core.compute_budget): CPU seconds of uncached computation per address, a
# bucket refilled evenly over a minute (issue 17: 20 parallel uncached statistics held
# every worker) ...
API_CPU_SECONDS_PER_MINUTE = env_float(
    "API_CPU_SECONDS_PER_MINUTE", 5.0, minimum=0.1, maximum=3600.0
)
# ... and at most this many uncached computations at once on one machine (the rest get a
# 503 at once): by default half the CPU cores, so that pages always have the other half.
# File locks in this folder (default: the system's temporary folder) count them across
# processes.
API_COMPUTE_SLOTS = env_int("API_COMPUTE_SLOTS", max(1, (os.cpu_count() or 2) // 2))
if API_COMPUTE_SLOTS < 1:
    raise ImproperlyConfigured("API_COMPUTE_SLOTS must be at least 1")
API_COMPUTE_SLOT_DIR = env_str("API_COMPUTE_SLOT_DIR", "")
# ... and at most this many workers computing or waiting for a slot; the next gets its 503
# at once. By default as many as there are slots: no queue. Measured (issue 17), a worker
# waiting for a slot is a worker lost to pages, and even one waiting worker per slot broke
# the home page's p99 under a burst; the demos' scripts retry a 503 after its Retry-After.
API_COMPUTE_ADMITTED = env_int("API_COMPUTE_ADMITTED", API_COMPUTE_SLOTS)
if API_COMPUTE_ADMITTED < API_COMPUTE_SLOTS:
    raise ImproperlyConfigured("API_COMPUTE_ADMITTED must be at least API_COMPUTE_SLOTS")
# ... and computed in a thread of lowered kernel priority (nice 0-19; 0 computes in the
# request's own thread), so that pages take the cores first (core.low_priority).
API_COMPUTE_NICE = env_int("API_COMPUTE_NICE", 10)
if not 0 <= API_COMPUTE_NICE <= 19:
    raise ImproperlyConfigured("API_COMPUTE_NICE must be between 0 and 19")
# How long an admitted computation may wait for a slot before its 503 (only when more are
# admitted than there are slots): short, since a waiting worker serves no page.
API_COMPUTE_WAIT_SECONDS = env_float("API_COMPUTE_WAIT_SECONDS", 2.0)
# --- Signal statistics (信号统计, /indicators/lab/) -------------------------------------------
# Trading costs as fractions of the traded amount, by the series' market (PriceSeries.market):
# A股 pay commission on both sides, 印花税 on the sale and 过户费 on both sides; 美股 pay
# commission only. The panel and the lab name them next to the after-cost figures.
SIGNAL_CN_COMMISSION_RATE = env_float("SIGNAL_CN_COMMISSION_RATE", 0.00025)
SIGNAL_CN_STAMP_DUTY_RATE = env_float("SIGNAL_CN_STAMP_DUTY_RATE", 0.0005)
SIGNAL_CN_TRANSFER_FEE_RATE = env_float("SIGNAL_CN_TRANSFER_FEE_RATE", 0.00001)
# About US$0.005 a share on a US$50 share: what brokers serving Chinese readers charge.
SIGNAL_US_COMMISSION_RATE = env_float("SIGNAL_US_COMMISSION_RATE", 0.0001)
# Block-bootstrap resamples per figure; a fixed seed makes them repeatable.
SIGNAL_STATS_RESAMPLES = env_int("SIGNAL_STATS_RESAMPLES", 2000)
if SIGNAL_STATS_RESAMPLES < 100:  # fewer cannot place a 95% interval or a p-value
    raise ImproperlyConfigured("SIGNAL_STATS_RESAMPLES must be at least 100")
DEFAULT_COPYRIGHT_NOTICE = env_str(
    "DEFAULT_COPYRIGHT_NOTICE",
    "本文仅代表作者个人观点，不代表本站立场。未经作者及本站书面许可，不得转载、摘编或以其他方式使用。",
)
# --- Comments (issue 4) -----------------------------------------------------------------------
# Flood control: a visitor (by IP and by browser) may post this many comments a minute.
COMMENTS_RATE_PER_MINUTE = env_int("COMMENTS_RATE_PER_MINUTE", 3)
# More links than this in one comment holds it for moderation (link farms, scam sites).
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
# The spam filter's word lists and patterns; editors can add more in the admin.
COMMENTS_RULES_FILE = env_str(
    "COMMENTS_RULES_FILE", str(BASE_DIR / "comments" / "moderation_rules.toml")
)
# The same text from the same writer to the same article within this many seconds is the
# same comment sent again (a double click, a lost answer): answered, not stored twice.
COMMENTS_REPEAT_WINDOW_SECONDS = env_int("COMMENTS_REPEAT_WINDOW_SECONDS", 600)
# Hold every anonymous comment for review (pre-moderation) instead of only suspicious ones.
COMMENTS_PREMODERATE = env_bool("COMMENTS_PREMODERATE", False)

RISK_NOTICE = env_str(
    "RISK_NOTICE",
    "风险提示：本文仅用于投资者教育，不构成任何投资建议。市场有风险，投资需谨慎；"
    "文中指标与信号均有失效的可能，过往表现不代表未来收益。",
)
