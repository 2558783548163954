"""How question listings filter and sort (shared by topic pages, tag pages and /questions/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hub.identity import identities_for

from .posts import Question, Tag

QUESTION_FILTERS = {
    "unanswered": (_("Unanswered"), Q(answer_count=0)),
    "unsolved": (_("Unsolved"), Q(accepted_answer__isnull=True)),
    "solved": (_("Solved"), Q(accepted_answer__isnull=False)),
    "brand": (_("Answered by the brand"), Q(has_brand_answer=True)),
}
QUESTION_SORTS = {
    "active": (_("Recently active"), ("-last_activity_at", "-pk")),
    "newest": (_("Newest"), ("-created_at", "-pk")),
    "helpful": (_("Most helpful"), ("-helpful_count", "-last_activity_at", "-pk")),
}
DEFAULT_SORT = "active"


def question_listing(
    *, topic=None, tag: Tag | None = None, filter: str | None = None, sort: str | None = None
) -> QuerySet[Question]:
    questions = Question.objects.filter(is_public=True)
    if topic is not None:
        questions = questions.filter(topic=topic)
    if tag is not None:
        questions = questions.filter(tags=tag)
    if filter in QUESTION_FILTERS:
        questions = questions.filter(QUESTION_FILTERS[filter][1])
    order = QUESTION_SORTS.get(sort or DEFAULT_SORT, QUESTION_SORTS[DEFAULT_SORT])[1]
    return (
        questions.select_related("author__profile", "topic", "official_answer__author__profile")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name")))
        .order_by(*order)
    )


def attach_voices(questions) -> None:
    """Give each listed question the identity of its author (when a brand voice asked) and of
    its official answer's author, with one lookup for the whole page."""
    questions = list(questions)
    found = identities_for(
        [q.author_id for q in questions if q.by_brand]
        + [q.official_answer.author_id for q in questions if q.official_answer_id]
    )
    for question in questions:
        question.identity = found.get(question.author_id) if question.by_brand else None
        official = question.official_answer if question.official_answer_id else None
        question.official_identity = found.get(official.author_id) if official else None


def listing_context(request, *, per_page: int = 20, **scope) -> dict:
    """The context of a paginated question listing, from the filter, sort and page that the
    request asks for (unknown values fall back to the defaults)."""
    filter_name = request.GET.get("filter")
    filter_name = filter_name if filter_name in QUESTION_FILTERS else None
    sort = request.GET.get("sort")
    sort = sort if sort in QUESTION_SORTS else DEFAULT_SORT
    questions = question_listing(filter=filter_name, sort=sort, **scope)
    page_obj = Paginator(questions, per_page).get_page(request.GET.get("page"))
    pinned = []
    if page_obj.number == 1 and filter_name is None and scope.get("tag") is None:
        pinned = list(
            question_listing(topic=scope.get("topic"))
            .filter(pinned_at__isnull=False)
            .order_by("-pinned_at")[:5]
        )
        attach_voices(pinned)
    attach_voices(page_obj.object_list)
    return {
        "pinned": pinned,
        "page_obj": page_obj,
        "questions": page_obj.object_list,
        "filters": [(k, v[0]) for k, v in QUESTION_FILTERS.items()],
        "sorts": [(k, v[0]) for k, v in QUESTION_SORTS.items()],
        "current_filter": filter_name,
        "current_sort": sort,
    }
