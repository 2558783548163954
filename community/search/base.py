"""What every search engine of the community takes and returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hub.search import MAX_TERMS, WORD

from ..models import Answer, Question
from ..models.listing import attach_voices

MAX_CANDIDATES = 1000
SNIPPET_CHARS = 240


def terms_of(text: str) -> list[str]:
    """The words of a query, lowercased and deduplicated; punctuation never reaches an engine."""
    return list(dict.fromkeys(t.lower() for t in WORD.findall(text or "")))[:MAX_TERMS]


def highlight(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the first matching term, escaped, then with the terms wrapped
    in <mark>. Escaping comes first, so nothing in the text can become markup."""
    text = text or ""
    start = 0
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        first = pattern.search(text)
        if first:
            start = max(0, first.start() - width // 3)
    window = text[start : start + width]
    snippet = escape(window)
    if terms:
        # Terms are word characters only, which escape() leaves unchanged.
        marked = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)
        snippet = marked.sub(r"<mark>\1</mark>", snippet)
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + snippet + suffix)


@dataclass
class SearchQuery:
    text: str
    topic: int | None = None
    tag: str | None = None
    solved: bool | None = None
    brand: bool | None = None
    page: int = 1

    @property
    def terms(self) -> list[str]:
        return terms_of(self.text)


@dataclass
class Hit:
    question: Question
    snippet: SafeString


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    engine: str = ""

    @property
    def page_obj(self):
        return Paginator(range(self.total), self.per_page).get_page(self.page)


class Engine:
    name = ""

    def search(self, query: SearchQuery, *, per_page: int = 20) -> SearchResults:
        raise NotImplementedError

    def similar(self, question: Question, *, limit: int = 5) -> list[Question]:
        raise NotImplementedError

    def suggest(self, text: str, *, limit: int = 5) -> list[Question]:
        raise NotImplementedError


def load_hits(ordered_ids: list[int], terms: list[str], answer_match: dict[int, int]) -> list[Hit]:
    """The page's questions in rank order, each with a highlighted snippet from the question
    or, when only an answer matched, from that answer."""
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in=ordered_ids, is_public=True).select_related(
            "topic", "author__profile", "official_answer__author__profile"
        )
    }
    answers = dict(
        Answer.objects.filter(
            pk__in=[answer_match[i] for i in ordered_ids if i in answer_match]
        ).values_list("pk", "body_text")
    )
    attach_voices(questions.values())
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    hits = []
    for pk in ordered_ids:
        question = questions.get(pk)
        if question is None:
            continue
        text = question.body_text
        if pattern and not pattern.search(question.title + " " + text) and pk in answer_match:
            text = answers.get(answer_match[pk], text)
        hits.append(Hit(question=question, snippet=highlight(text, terms)))
    return hits
