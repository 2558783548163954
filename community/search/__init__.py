"""Search across questions and answers, with one interface and two engines.

The database engine (Wagtail's database backend: SQLite FTS5, PostgreSQL full text) is the
default and the fallback. With ELASTICSEARCH_URL set, the Elasticsearch engine answers instead;
when it is unreachable, search falls back to the database for a while and says nothing to the
reader beyond a log line. Both engines pass the same contract tests.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

from .base import Engine, Hit, SearchQuery, SearchResults, highlight, terms_of
from .database import DatabaseEngine
from .elastic import UNAVAILABLE, ElasticsearchEngine

logger = logging.getLogger(__name__)
DOWN_KEY = "community:search:elastic-down"
DOWN_SECONDS = 30

__all__ = [
    "Engine",
    "Hit",
    "SearchQuery",
    "SearchResults",
    "get_engine",
    "highlight",
    "terms_of",
]


class FallbackEngine(Engine):
    """Elasticsearch first; the database when Elasticsearch does not answer."""

    name = "elasticsearch"

    def __init__(self, primary: Engine, fallback: Engine):
        self.primary = primary
        self.fallback = fallback

    def _call(self, method: str, *args, **kwargs):
        if not cache.get(DOWN_KEY):
            try:
                return getattr(self.primary, method)(*args, **kwargs)
            except UNAVAILABLE:
                logger.warning("Elasticsearch unavailable; searching the database instead")
                cache.set(DOWN_KEY, True, DOWN_SECONDS)
        return getattr(self.fallback, method)(*args, **kwargs)

    def search(self, query, *, per_page=20):
        return self._call("search", query, per_page=per_page)

    def similar(self, question, *, limit=5):
        return self._call("similar", question, limit=limit)

    def suggest(self, text, *, limit=5):
        return self._call("suggest", text, limit=limit)


def get_engine() -> Engine:
    if settings.ELASTICSEARCH_URL:
        return FallbackEngine(ElasticsearchEngine(), DatabaseEngine())
    return DatabaseEngine()
