"""The articles app's models, a module per subject; all importable from here."""

from articles.autosave import Autosave  # its own module, with its views
from articles.models.article import Article, ArticleQuerySet, AuthorStats
from articles.models.authors import TAKEN_PEN_NAME, AuthorProfile
from articles.models.reading import DailyViews, FlushedViewBatch, ReaderView
from articles.models.taxonomy import Category, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AuthorProfile",
    "AuthorStats",
    "Autosave",
    "Category",
    "DailyViews",
    "FlushedViewBatch",
    "ReaderView",
    "TAKEN_PEN_NAME",
    "Tag",
]
