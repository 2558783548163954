"""Search helpers shared by every search box of the hub."""

import re

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
