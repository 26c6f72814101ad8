"""K线学堂 settings: everything comes from the environment, with safe local defaults.

Development works with no variables set. With DJANGO_DEBUG=0 the site refuses to start
unless DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are real values.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-local-development-only"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

if not DEBUG:
    # Fail fast rather than serve production with a guessable key or an open host list.
    # The bar is Django's own deploy check (security.W009): 50+ characters, 5+ distinct.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (50+ random characters) when debug is off."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Set DJANGO_ALLOWED_HOSTS to the real host names when debug is off."
        )

# The one absolute URL the site calls its own: canonical links, the sitemap and QR codes
# are built from it, never from the request's Host header (which a client controls).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_ckeditor_5",
    "axes",
    "core",
    "articles",
    "comments",
    "indicators",
    "health",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the session or the database (issue 9).
    "config.middleware.RefuseUnstorableInputMiddleware",
    "config.middleware.JsonMethodNotAllowedMiddleware",
    # Before sessions, CSRF and auth: a cached page for an anonymous reader needs none.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it turns a refused (locked-out) login into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
# SQLite by default. WAL lets readers proceed while one writer writes; the busy timeout
# makes a second writer wait instead of failing; IMMEDIATE transactions take the write
# lock up front, so a read-then-write transaction can never deadlock into
# "database is locked".
# Connections are kept between requests (one per worker thread): opening SQLite and
# setting its pragmas, or a PostgreSQL handshake, would otherwise cost every request.
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 600)
_SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / env_str("SQLITE_PATH", "db.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            # A file, not :memory:, so concurrency tests exercise real locking and WAL.
            "TEST": {"NAME": BASE_DIR / env_str("SQLITE_TEST_PATH", ".local/test-db.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set. Otherwise the database cache: unlike the local-memory
# cache it is shared by every worker process, so view de-duplication and the hot list
# stay correct with several gunicorn workers or servers.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kx"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kx"),
            # View de-duplication keeps one small key per reader and article.
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    }

# --- Auth -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords an account is
# locked, and so is the address they came from, each on its own, for the cool-off time.
# Even the right password is refused meanwhile. Attempts live in the database, so every
# server behind the load balancer sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The same address logic as everywhere else: X-Forwarded-For only via trusted proxies.
AXES_CLIENT_IP_CALLABLE = "core.visitors.client_ip"
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_out"
AXES_HTTP_RESPONSE_CODE = 429

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# Our own corrections to Django's Chinese messages (its NUL message says "empty string").
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed by `npm ci` from package-lock.json; never copied into the repository.
    ("vendor/lightweight-charts", BASE_DIR / "node_modules" / "lightweight-charts" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Serve uploads from Django itself: on with debug, and bin/run turns it on for one local
# server. Behind a load balancer, put MEDIA on shared storage or a CDN and leave it off.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
# Uploaded files are rarely replaced under the same name: let browsers keep them a while.
MEDIA_CACHE_SECONDS = env_int("MEDIA_CACHE_SECONDS", 24 * 3600)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticFilesStorage"  # whitenoise's, and module imports hashed
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Chinese, and JSON for JSON endpoints, like every other error (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# One switch for a site served over HTTPS (behind the TLS proxy in deploy/nginx): redirect
# http to https, send HSTS, mark cookies secure and trust the proxy's X-Forwarded-Proto.
# Off by default, so development and bin/run work over plain http on 127.0.0.1.
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers may probe over plain http; they get the health answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # Only safe because the proxy overwrites this header (deploy/nginx/kxian.conf).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload asks browser vendors to hard-code https for the domain and is slow to undo; only
# the domain's owner can decide it, so it is opt-in and the deploy check's reminder
# (security.W021) is silenced while it stays off.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 means the
# header is ignored and REMOTE_ADDR is the client: a client cannot spoof its address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# A strict policy: no inline scripts or handlers anywhere. Inline *styles* stay allowed
# because CKEditor 5 and lightweight-charts inject <style> elements. Empty disables.
CONTENT_SECURITY_POLICY = env_str(
    "DJANGO_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# /healthz remembers its database probe this long (per process), so frequent probes stay
# cheap while an outage still shows within a couple of seconds.
HEALTH_CHECK_CACHE_SECONDS = env_int("HEALTH_CHECK_CACHE_SECONDS", 2)

# --- Content --------------------------------------------------------------------------------
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

# --- Page cache (core.pagecache) ------------------------------------------------------------
# Public pages for anonymous readers come from the shared cache. Events that change a
# page (saving an article, approving a comment …) make every copy stale at once; this
# bounds how long the 阅读 and 评论 numbers on a copy can lag. 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_ALIAS = "default"
# Browsers may keep a public page this long before revalidating (a cheap 304).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 0)
# The indicator API: requests a minute per client address before a 429.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120)
# --- Signal statistics (信号统计, /indicators/lab/) -------------------------------------------
# A-share trading costs as fractions: commission on the purchase and on the sale, stamp
# duty on the sale only. The panel and the lab name them next to the after-cost figures.
SIGNAL_COMMISSION_RATE = env_float("SIGNAL_COMMISSION_RATE", 0.00025)
SIGNAL_STAMP_DUTY_RATE = env_float("SIGNAL_STAMP_DUTY_RATE", 0.0005)
# Bootstrap and random-entry resamples per figure; a fixed seed makes them repeatable.
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
# Hold every anonymous comment for review (pre-moderation) instead of only suspicious ones.
COMMENTS_PREMODERATE = env_bool("COMMENTS_PREMODERATE", False)

RISK_NOTICE = env_str(
    "RISK_NOTICE",
    "风险提示：本文仅用于投资者教育，不构成任何投资建议。市场有风险，投资需谨慎；"
    "文中指标与信号均有失效的可能，过往表现不代表未来收益。",
)

# --- Rich text editor -----------------------------------------------------------------------
# django-ckeditor-5 (CKEditor 5), not django-ckeditor: the latter ships CKEditor 4.22.1,
# which its own system check (ckeditor.W001) flags as having unfixed security issues.
# Uploads go through articles.uploads (staff only), which decodes each image in full.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_FILE_STORAGE = "articles.storage.EditorUploadStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["png", "jpeg", "gif", "webp"]
EDITOR_IMAGE_MAX_BYTES = env_int("EDITOR_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
# Width x height: decoding needs about 4 bytes a pixel, so this bounds memory per upload.
EDITOR_IMAGE_MAX_PIXELS = env_int("EDITOR_IMAGE_MAX_PIXELS", 20_000_000)
CKEDITOR_5_USER_LANGUAGE = False
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "code",
                "codeBlock",
                "|",
                "insertImage",
                "insertTable",
                "|",
                "undo",
                "redo",
            ],
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
                "imageStyle:alignCenter",
            ]
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "二级标题",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "三级标题",
                    "class": "ck-heading_heading3",
                },
            ]
        },
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
