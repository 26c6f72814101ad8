"""Every public page has its own title, description, canonical and share card, and the
structured data a crawler extracts (extruct, as search engines and previews read it)."""

from html.parser import HTMLParser
from io import BytesIO

import extruct
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db
SITE = "https://kxian.example.cn"
CARD = ("og:title", "og:description", "og:url", "og:image", "og:image:alt", "og:type")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ARTICLES_PER_PAGE = 2


class Head(HTMLParser):
    """<title>, name= meta tags and canonical links."""

    def __init__(self):
        super().__init__()
        self.title, self.names, self.canonical, self._in_title = "", {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = tag == "title"
        if tag == "meta" and attrs.get("name"):
            self.names[attrs["name"]] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def read_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    head = Head()
    head.feed(html)
    data = extruct.extract(html, base_url=SITE + url, syntaxes=["json-ld", "opengraph"])
    og = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, value)
    return head, og, data["json-ld"]


def cover_file():
    buffer = BytesIO()
    Image.new("RGB", (1600, 900), "#336699").save(buffer, "JPEG")
    return SimpleUploadedFile("cover.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def site_pages(media_root):
    """A small site: three articles (one with a cover) in a category, a tag and an author."""
    author = AuthorFactory()
    category = CategoryFactory(name="趋势指标", description="均线、MACD 这类看方向的指标。")
    tag = TagFactory(name="金叉")
    articles = [
        ArticleFactory(author=author, category=category, title=f"第 {n} 课", summary=f"摘要 {n}")
        for n in range(3)
    ]
    articles[0].cover = cover_file()
    articles[0].save()
    for article in articles:
        article.tags.add(tag)
    month = articles[0].published_at
    return {
        "home": reverse("articles:home"),
        "home-2": reverse("articles:home") + "?page=2",
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.author_profile.get_absolute_url(),
        "archive": reverse("articles:archive"),
        "month": reverse("articles:month", args=[month.year, month.month]),
        "article": articles[0].get_absolute_url(),
        "article-no-cover": articles[1].get_absolute_url(),
        "formulas": reverse("indicators:formulas"),
        "lab": reverse("indicators:lab"),
        "search": reverse("search:results") + "?q=课",
        "search-form": reverse("search:results"),
    }


def test_every_page_has_a_complete_share_card(client, site_pages):
    """Open Graph and Twitter tags, an absolute image with its size and alt, on every page."""
    for kind, url in site_pages.items():
        head, og, _ = read_page(client, url)
        missing = [key for key in CARD + ("og:image:width", "og:image:height") if not og.get(key)]
        missing += [key for key in TWITTER if not head.names.get(key)]
        assert missing == [], kind
        assert og["og:image"].startswith(SITE + "/"), kind
        assert og["og:url"].startswith(SITE + "/"), kind
        assert int(og["og:image:width"]) > 0 and int(og["og:image:height"]) > 0, kind


def test_titles_descriptions_and_canonicals_are_each_pages_own(client, site_pages):
    """No two pages share a title or description; each indexable page names itself canonical."""
    titles, descriptions = {}, {}
    for kind, url in site_pages.items():
        head, og, _ = read_page(client, url)
        titles.setdefault(head.title.strip(), []).append(kind)
        descriptions.setdefault(head.names["description"], []).append(kind)
        if kind.startswith("search"):
            continue
        assert head.canonical == [og["og:url"]], kind
        assert head.names.get("robots") is None, kind
    assert [kinds for kinds in titles.values() if len(kinds) > 1] == []
    assert [kinds for kinds in descriptions.values() if len(kinds) > 1] == []


def test_search_gives_one_signal_noindex(client, site_pages):
    """Search results say noindex, follow and name no canonical (one signal, not two)."""
    for kind in ("search", "search-form"):
        head, og, _ = read_page(client, site_pages[kind])
        assert head.names["robots"] == "noindex, follow"
        assert head.canonical == []
    _, og, _ = read_page(client, site_pages["search"])
    assert og["og:url"] == f"{SITE}/search/?q=%E8%AF%BE"


def test_cover_is_the_share_image_with_its_real_size(client, site_pages):
    """An article's cover is its share image at its stored size; without one, og-default."""
    _, og, _ = read_page(client, site_pages["article"])
    assert "/media/covers/" in og["og:image"]
    assert (og["og:image:width"], og["og:image:height"]) == ("1600", "900")
    _, og, _ = read_page(client, site_pages["article-no-cover"])
    assert og["og:image"] == f"{SITE}/static/img/og-default.png"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")


def test_home_describes_the_website_its_search_and_the_organization(client, site_pages):
    """Home carries WebSite with a SearchAction for the search box, and the Organization."""
    _, _, blocks = read_page(client, site_pages["home"])
    by_type = {block["@type"]: block for block in blocks}
    assert set(by_type) == {"WebSite", "Organization"}
    action = by_type["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert by_type["Organization"]["logo"]["url"] == f"{SITE}/static/img/logo.png"


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("article", ["K线学堂", "趋势指标", "第 0 课"]),
        ("category", ["K线学堂", "趋势指标"]),
        ("lab", ["K线学堂", "指标公式与口径", "信号实验室"]),
    ],
)
def test_breadcrumbs_lead_from_home_to_the_page(client, site_pages, kind, names):
    """BreadcrumbList: home first, the page itself (its canonical URL) last."""
    head, og, blocks = read_page(client, site_pages[kind])
    (crumbs,) = [block for block in blocks if block["@type"] == "BreadcrumbList"]
    items = crumbs["itemListElement"]
    assert [item["name"] for item in items] == names
    assert [item["position"] for item in items] == list(range(1, len(names) + 1))
    assert items[0]["item"] == f"{SITE}/" and items[-1]["item"] == og["og:url"]
