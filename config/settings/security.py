"""Security headers, HTTPS, proxies, the content security policy and health probes."""

from config.env import env_bool, env_int, env_str

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

# Browser features the site does not use are switched off for it and any frame it could
# ever embed. Kept on, for this origin only: clipboard-write (the 复制链接 button). The 分享…
# button's navigator.share is left at its default ('self'): desktop Chromium does not
# know "web-share" and would warn about it on every page, as it does for any unknown
# name. clipboard-read stays at its default too: browsers ask the reader before any read,
# and the browser tests read back what 复制链接 wrote. Empty disables the header.
PERMISSIONS_POLICY = env_str(
    "DJANGO_PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), clipboard-write=(self), "
    "display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), "
    "hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()",
)

# /healthz remembers its database probe this long (per process), so frequent probes stay
# cheap while an outage still shows within a couple of seconds.
HEALTH_CHECK_CACHE_SECONDS = env_int("HEALTH_CHECK_CACHE_SECONDS", 2)
