"""A new release meets a shared cache filled by the previous one: no 500."""

import sys

import pytest

from core import pagecache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Gone:
    """Stands for a class an older release pickled and this one no longer has."""


@pytest.fixture
def without_gone():
    module = sys.modules[__name__]
    kept = module.Gone
    yield lambda: delattr(module, "Gone")
    module.Gone = kept


def test_a_version_record_from_an_older_release_is_dropped(client, without_gone):
    """The page renders, the unreadable record is replaced, and the next request is a hit."""
    article = ArticleFactory()
    pagecache.shared_cache().set(pagecache.STATE_KEY, Gone(), None)
    without_gone()
    first = client.get(article.get_absolute_url())
    assert first.status_code == 200
    second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert isinstance(pagecache.shared_cache().get(pagecache.STATE_KEY), pagecache.version.State)


def test_the_version_record_key_is_versioned():
    """State objects live under a versioned key, so a changed class is never read back."""
    assert pagecache.STATE_KEY != "pagecache:state"
