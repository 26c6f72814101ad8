"""Base settings: secrets and hosts, apps, middleware, templates, auth, language, files."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

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
    "config.apps.AxesConfig",  # django-axes, named in Chinese
    # Article revisions: who saved what and when, diff and restore (articles.revisions).
    "reversion",
    "core",
    "articles",
    "comments",
    "indicators",
    "health",
    "search",
    "practice",
    "demodata",
]

MIDDLEWARE = [
    # Outermost: an outage of the database or cache that escapes below answers 503, and a
    # frozen PostgreSQL is cut off after DATABASE_HANG_SECONDS (issue 17).
    "config.middleware.OutageMiddleware",
    "config.hang_guard.DatabaseHangGuardMiddleware",
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
# One policy for uploads, here and in deploy/nginx/kxian.conf (a test compares them): a
# week. A replaced cover is stored under a new name, and so are its thumbnails and WebP
# sizes, so a cached copy is never shown in place of a new one.
MEDIA_CACHE_SECONDS = env_int("MEDIA_CACHE_SECONDS", 7 * 24 * 3600)

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


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
