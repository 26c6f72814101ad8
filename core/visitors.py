"""Who a visitor is: the address a request really came from (and a keyed digest of it
for storage), and the reader cookie that tells browsers behind one address apart.

View counting (articles.counting) and the comment flood limit (comments.flood) both
identify visitors this way.

The address.

X-Forwarded-For is written by whoever sends the request, so it is only believed when
settings.TRUSTED_PROXY_COUNT says how many of our own proxies sit in front of the app.
Each proxy appends the address it received the request from, so with N trusted proxies
the client is the N-th entry counted from the right; anything further left was supplied
by the client and may be forged.
"""

import ipaddress
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

# The salts keep their first names: a new one would orphan every stored digest and cookie.
_IP_HASH_SALT = "config.client_ip"
READER_COOKIE = "kx_reader"
READER_COOKIE_SALT = "articles.reader"
READER_COOKIE_AGE = 365 * 24 * 3600


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address as a normalised string ("" when nothing usable is known)."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        chain = [part.strip() for part in header.split(",") if part.strip()]
        if len(chain) >= hops:
            forwarded = _parse(chain[-hops])
            if forwarded is not None:
                remote = forwarded
        # A shorter chain means a proxy was bypassed or misconfigured: use REMOTE_ADDR.
    return str(remote) if remote is not None else ""


def ip_hash(ip: str) -> str:
    """A keyed SHA-256 digest of an address, so the raw address is never stored.

    IPv6 clients usually own a whole /64 and can rotate within it at will, so the
    digest covers the /64 network: one household stays one visitor.
    """
    address = _parse(ip) if ip else None
    if address is not None and address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:1.2.3.4 is the IPv4 client 1.2.3.4
    if address is None:
        key = "unknown"
    elif address.version == 6:
        key = str(ipaddress.ip_network(f"{address}/64", strict=False))
    else:
        key = str(address)
    return salted_hmac(_IP_HASH_SALT, key, algorithm="sha256").hexdigest()


def client_ip_hash(request) -> str:
    return ip_hash(client_ip(request))


# --- The reader cookie ----------------------------------------------------------------
# A signed random id in a long-lived cookie. It is set by endpoints that are never cached
# (the view beacon, the comment form), never by a page, so pages stay cacheable.


def reader_id(request) -> str | None:
    return request.get_signed_cookie(READER_COOKIE, default=None, salt=READER_COOKIE_SALT)


def new_reader_id() -> str:
    return secrets.token_urlsafe(16)


def set_reader_cookie(response, reader: str) -> None:
    response.set_signed_cookie(
        READER_COOKIE,
        reader,
        salt=READER_COOKIE_SALT,
        max_age=READER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
