"""Search helpers shared by every search box of the hub."""

import re
from collections.abc import Callable

from django.http import HttpRequest
from wagtail.search.query import PlainText

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def plain_query(raw: str) -> PlainText | None:
    """The words of what a person typed, as a query no backend can misread.

    Full-text engines give meaning to punctuation (SQLite FTS5 reads ``a:b`` as a column
    filter and a lone quote as a syntax error), so only word characters reach them.
    """
    terms = WORD.findall(raw or "")[:MAX_TERMS]
    return PlainText(" ".join(terms)) if terms else None


# The search page is the hub's; each app adds a section of results to it. A provider takes the
# request and the query typed and returns the context of its section (with the "template" that
# shows it), or None when it has nothing to add.
SearchProvider = Callable[[HttpRequest, str], dict | None]
_providers: list[SearchProvider] = []
# Page types that a provider shows in its own section, so the generic "Pages" list skips them.
_claimed_page_types: list[type] = []


def register_provider(provider: SearchProvider, *, page_types: tuple[type, ...] = ()) -> None:
    if provider not in _providers:
        _providers.append(provider)
    _claimed_page_types.extend(t for t in page_types if t not in _claimed_page_types)


def claimed_page_types() -> tuple[type, ...]:
    return tuple(_claimed_page_types)


def search_sections(request: HttpRequest, query: str) -> list[dict]:
    return [section for provider in _providers if (section := provider(request, query))]
