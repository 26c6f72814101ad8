"""Flood control, client addresses, CSRF, the honeypot and hostile input."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from comments import flood
from comments.models import Comment
from core.visitors import client_ip, ip_hash
from tests.comment_helpers import body_of, page_url, post_comment, submit_url
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


# --- Client address -------------------------------------------------------------------------


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_header_is_ignored_without_a_trusted_proxy(settings):
    """With no proxy configured, X-Forwarded-For is the client's word and is not believed."""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="1.2.3.4")) == "203.0.113.9"


def test_one_trusted_proxy_means_the_rightmost_entry(settings):
    """Behind one proxy, the entry it appended is the client; entries left of it are forged."""
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_two_trusted_proxies_skip_the_inner_one(settings):
    """Behind a CDN and a load balancer, the client is the second entry from the right."""
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7, 10.0.0.1")
    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-ip", "999.1.1.1"])
def test_a_broken_forwarded_header_falls_back_to_the_peer(settings, forwarded):
    """A missing or garbled header never yields a made-up address."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(remote="10.0.0.2", forwarded=forwarded)) == "10.0.0.2"


def test_ip_hash_is_keyed_and_never_the_raw_address(settings):
    """The stored digest depends on SECRET_KEY; one IPv6 /64 counts as one visitor."""
    digest = ip_hash("198.51.100.7")
    assert len(digest) == 64 and "198.51.100.7" not in digest
    assert ip_hash("2001:db8:1:2::1") == ip_hash("2001:db8:1:2:ffff::9")
    assert ip_hash("::ffff:198.51.100.7") == digest
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert ip_hash("198.51.100.7") != digest


def test_the_stored_comment_has_the_hash_and_user_agent_only(client):
    """Moderators get a digest of the address and the browser string, never the address."""
    post_comment(
        client, ArticleFactory(), REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Mozilla/5.0"
    )
    comment = Comment.objects.get()
    assert comment.ip_hash == ip_hash("198.51.100.7") and comment.user_agent == "Mozilla/5.0"
    assert "198.51.100.7" not in str(Comment.objects.values().get())


# --- Flood control --------------------------------------------------------------------------


def test_the_fourth_comment_in_a_minute_gets_a_friendly_429(client):
    """Three comments a minute are fine; the fourth is refused in Chinese, and not stored."""
    article = ArticleFactory()
    statuses = [post_comment(client, article, body=f"第{i}条").status_code for i in range(4)]
    assert statuses == [201, 201, 201, 429]
    last = post_comment(client, article, body="再来一条")
    assert "请休息一分钟" in body_of(last)["message"] and last["Retry-After"] == "60"
    assert Comment.objects.count() == 3


def test_the_rate_is_a_setting(client, settings):
    """COMMENTS_RATE_PER_MINUTE decides how many comments a minute pass."""
    settings.COMMENTS_RATE_PER_MINUTE = 1
    article = ArticleFactory()
    assert post_comment(client, article).status_code == 201
    assert post_comment(client, article).status_code == 429


def test_a_spoofed_forwarded_header_does_not_bypass_the_limit(settings):
    """Changing X-Forwarded-For on every request still counts against the real address."""
    settings.TRUSTED_PROXY_COUNT = 0
    article = ArticleFactory()
    codes = [
        post_comment(Client(), article, HTTP_X_FORWARDED_FOR=f"1.2.3.{i}").status_code
        for i in range(4)
    ]
    assert codes == [201, 201, 201, 429]


def test_behind_a_trusted_proxy_clients_are_told_apart(settings):
    """With the proxy configured, two readers behind it have separate allowances."""
    settings.TRUSTED_PROXY_COUNT = 1
    article = ArticleFactory()
    for _ in range(3):
        post_comment(Client(), article, HTTP_X_FORWARDED_FOR="198.51.100.1")
    blocked = post_comment(Client(), article, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = post_comment(Client(), article, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (blocked.status_code, other.status_code) == (429, 201)


def test_one_browser_is_limited_across_changing_addresses(client):
    """The same browser (its reader cookie) hopping between addresses is still limited."""
    article = ArticleFactory()
    client.get(reverse("comments:csrf"))  # gives the browser its reader cookie
    codes = [
        post_comment(client, article, REMOTE_ADDR=f"198.51.100.{i}").status_code for i in range(4)
    ]
    assert codes == [201, 201, 201, 429]


def test_the_window_slides_instead_of_resetting_at_the_minute():
    """A burst at the end of one minute still counts a few seconds into the next."""
    keys = ["ip:test"]
    start = 1_000_000 * flood.WINDOW + 55  # five seconds before a minute boundary
    assert [flood.allow(keys, now=start) for _ in range(4)] == [True, True, True, False]
    assert not flood.allow(keys, now=start + 10)  # the next minute has begun
    assert flood.allow(keys, now=start + 70)  # a full minute after the burst


def test_the_no_javascript_page_is_limited_too(client):
    """The standalone form answers 429 with the text kept, once the rate is used up."""
    article = ArticleFactory()
    for _ in range(3):
        client.post(page_url(article), {"name": "老刘", "body": "好文"})
    response = client.post(page_url(article), {"name": "老刘", "body": "第四条"})
    assert response.status_code == 429
    assert "请休息一分钟" in response.content.decode() and "第四条" in response.content.decode()


# --- CSRF and the honeypot --------------------------------------------------------------------


def test_posting_without_a_csrf_token_is_refused():
    """The JSON endpoint answers 403 without a valid token and stores nothing."""
    client = Client(enforce_csrf_checks=True)
    assert post_comment(client, ArticleFactory()).status_code == 403
    assert not Comment.objects.exists()


def test_posting_with_the_fetched_token_works():
    """What comments.js does: fetch a token, send it in X-CSRFToken, get 201."""
    client = Client(enforce_csrf_checks=True)
    token = body_of(client.get(reverse("comments:csrf")))["token"]
    response = post_comment(client, ArticleFactory(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_honeypot_answers_like_a_held_comment_but_stores_nothing(client):
    """A bot that fills the hidden 网址 field learns nothing and leaves nothing behind."""
    response = post_comment(client, ArticleFactory(), website="http://spam.example")
    assert response.status_code == 201 and body_of(response)["status"] == "held"
    assert "等待审核" in body_of(response)["html"]
    assert not Comment.objects.exists()


def test_honeypot_field_is_hidden_from_people(client):
    """The trap is labelled 网址, out of view, unfocusable and hidden from screen readers."""
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert '<p class="comment-hp" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and "网址" in html


# --- Hostile input ----------------------------------------------------------------------------

HOSTILE = [
    ("script tag", {"body": "<script>alert(1)</script>"}),
    ("image with handler", {"body": '<img src=x onerror="alert(1)">'}),
    ("event handler text", {"body": "点这里 onmouseover=alert(1) 看看"}),
    ("javascript link", {"body": "看 javascript:alert(document.cookie)"}),
    ("hidden javascript", {"body": "java\u200bscript:alert(1)"}),
    ("svg", {"body": "<svg/onload=alert(1)>"}),
    ("html comment", {"body": "<!-- x --> 正文"}),
    ("full-width tag", {"body": "＜script＞alert(1)＜/script＞"}),
    ("oversized body", {"body": "长" * 2001}),
    ("NUL in body", {"body": "正文\x00结尾"}),
    ("control char in body", {"body": "正文\x1b[31m红色"}),
    ("only whitespace", {"body": " \n\t "}),
    ("empty name", {"name": ""}),
    ("tag in name", {"name": "<b>老刘</b>"}),
    ("NUL in name", {"name": "老\x00刘"}),
    ("oversized name", {"name": "名" * 31}),
    ("invisible-only name", {"name": "\u200b\u202e"}),
    ("bad email", {"email": "not-an-email"}),
    ("parent not a number", {"reply_to": "1 OR 1=1"}),
    ("negative parent", {"reply_to": "-5"}),
    ("huge parent", {"reply_to": "9" * 30}),
    ("missing parent", {"reply_to": "987654"}),
]


@pytest.mark.parametrize(("case", "fields"), HOSTILE, ids=[case for case, _ in HOSTILE])
def test_hostile_input_is_a_form_error_and_nothing_is_stored(client, case, fields):
    """Every hostile field gives 400 with field errors as JSON; no row, no markup stored."""
    response = post_comment(client, ArticleFactory(), **fields)
    assert response.status_code == 400, case
    assert body_of(response)["errors"]
    assert not Comment.objects.exists()


def test_replying_to_another_articles_comment_is_refused(client):
    """A reply must answer an approved comment on the same article."""
    elsewhere = CommentFactory()
    response = post_comment(client, ArticleFactory(), reply_to=elsewhere.pk)
    assert response.status_code == 400 and "reply_to" in body_of(response)["errors"]


def test_replying_to_a_held_comment_is_refused(client):
    """Held comments cannot be answered (nobody else can see them)."""
    held = CommentFactory(status=Comment.Status.HELD)
    response = post_comment(client, held.article, reply_to=held.pk)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "payload",
    [
        {"content_type": "application/json", "data": '{"body": "x"'},
        {"content_type": "multipart/form-data; boundary=zzz", "data": b"--zzz\r\nbroken"},
        {"content_type": "application/x-www-form-urlencoded", "data": b"body=%FF%FE&name=%C0"},
    ],
)
def test_malformed_requests_never_cause_a_500(client, payload):
    """Broken bodies and encodings are a form error or decoded safely, never a server error."""
    response = client.post(submit_url(ArticleFactory()), **payload)
    assert response.status_code in (201, 400)
    for comment in Comment.objects.all():
        assert "<" not in comment.body and "\x00" not in comment.body


def test_wrong_methods_and_unknown_articles(client):
    """GET on the endpoint is 405; an unknown slug is a JSON 404."""
    article = ArticleFactory()
    assert client.get(submit_url(article)).status_code == 405
    missing = client.post(reverse("comments:submit", args=["no-such-article"]), {"body": "x"})
    assert missing.status_code == 404 and body_of(missing)["message"]


def test_hostile_reply_parameter_on_the_standalone_page(client):
    """?reply= with garbage just shows an ordinary form."""
    article = ArticleFactory()
    for value in ["abc", "-1", "9" * 40, "²", "1%00"]:
        assert client.get(page_url(article), {"reply": value}).status_code == 200


# --- Rendering ------------------------------------------------------------------------------


def test_rendering_escapes_everything_and_links_only_http(client):
    """Whatever is stored, the page gets escaped text; only http(s) URLs become links."""
    from comments.rendering import render_body

    html = render_body('<img src=x onerror=alert(1)> javascript:alert(1) "引号"')
    assert "<img" not in html and "<a" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&quot;引号&quot;" in html
    link = render_body("见 https://example.com/a_(b)。还有 http://x.cn/,好")
    assert 'href="https://example.com/a_(b)"' in link and "</a>。还有" in link
    assert 'href="http://x.cn/"' in link and "</a>,好" in link


def test_long_urls_are_shortened_for_display_only():
    """A very long URL keeps its full href but shows a shortened label."""
    from comments.rendering import render_body

    url = "https://example.com/" + "a" * 200
    html = render_body(url)
    assert f'href="{url}"' in html and "…</a>" in html


def test_comparison_signs_in_ordinary_talk_are_accepted(client):
    """ "K<D 且 J>100" is investor talk, not markup: it is stored and shown escaped."""
    response = post_comment(client, ArticleFactory(), body="K<D 且 J>100 时要小心")
    assert response.status_code == 201
    assert "K&lt;D 且 J&gt;100" in body_of(response)["html"]
