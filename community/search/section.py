"""The questions-and-answers section of the hub's search page, with its facets."""

from __future__ import annotations

from django.http import HttpRequest

from ..models import TopicPage
from . import SearchQuery, get_engine

PER_PAGE = 20


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


def query_from(request: HttpRequest, text: str) -> SearchQuery:
    tag = (request.GET.get("tag") or "").strip().lower()[:40] or None
    return SearchQuery(
        text=text,
        topic=_int(request.GET.get("topic")),
        tag=tag,
        solved=_flag(request.GET.get("solved")),
        brand=_flag(request.GET.get("brand")),
        page=_int(request.GET.get("page")) or 1,
    )


def question_section(request: HttpRequest, text: str) -> dict | None:
    query = query_from(request, text)
    if not query.terms:
        return None
    results = get_engine().search(query, per_page=PER_PAGE)
    topic_title = ""
    if query.topic:
        topic_title = (
            TopicPage.objects.filter(pk=query.topic).values_list("title", flat=True).first() or ""
        )
    return {
        "template": "community/includes/search_section.html",
        "results": results,
        "search": query,
        "topic_title": topic_title,
        "page_obj": results.page_obj,
    }
