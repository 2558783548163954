"""The default engine: Wagtail's database search backend, with facets counted by the ORM."""

from __future__ import annotations

from django.db.models import Count, Q
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from ..models import Answer, Question, Tag, TopicPage
from .base import MAX_CANDIDATES, Engine, Facet, SearchQuery, SearchResults, load_hits, terms_of


def _ranked_ids(model, terms: list[str], operator: str, only: tuple[str, ...]) -> list:
    backend = get_search_backend()
    queryset = model.objects.filter(is_public=True).only(*only)
    results = backend.search(PlainText(" ".join(terms), operator=operator), queryset)
    return list(results[:MAX_CANDIDATES])


def candidates(terms: list[str], operator: str = "and") -> tuple[list[int], dict[int, int]]:
    """Question ids in rank order (title and body matches first, then threads whose answers
    match), and for the latter the answer that matched."""
    ordered = [q.pk for q in _ranked_ids(Question, terms, operator, ("pk",))]
    seen = set(ordered)
    answer_match: dict[int, int] = {}
    for answer in _ranked_ids(Answer, terms, operator, ("pk", "question_id")):
        answer_match.setdefault(answer.question_id, answer.pk)
        if answer.question_id not in seen:
            seen.add(answer.question_id)
            ordered.append(answer.question_id)
    return ordered, answer_match


def apply_filters(queryset, query: SearchQuery):
    if query.topic:
        queryset = queryset.filter(topic_id=query.topic)
    if query.tag:
        queryset = queryset.filter(tags__name=query.tag)
    if query.solved is not None:
        queryset = queryset.filter(accepted_answer__isnull=not query.solved)
    if query.brand is not None:
        queryset = queryset.filter(has_brand_answer=query.brand)
    return queryset


def count_facets(ids: list[int]) -> dict[str, list[Facet]]:
    matching = Question.objects.filter(pk__in=ids, is_public=True)
    topics = (
        matching.exclude(topic=None).values("topic").annotate(n=Count("pk")).order_by("-n")[:10]
    )
    titles = dict(
        TopicPage.objects.filter(pk__in=[t["topic"] for t in topics]).values_list("pk", "title")
    )
    tags = (
        Tag.objects.filter(questions__in=matching)
        .annotate(n=Count("questions"))
        .order_by("-n", "name")[:10]
    )
    flags = matching.aggregate(
        solved=Count("pk", filter=Q(accepted_answer__isnull=False)),
        brand=Count("pk", filter=Q(has_brand_answer=True)),
    )
    return {
        "topic": [Facet(str(t["topic"]), titles.get(t["topic"], ""), t["n"]) for t in topics],
        "tag": [Facet(t.name, t.name, t.n) for t in tags],
        "solved": [Facet("yes", "", flags["solved"])],
        "brand": [Facet("yes", "", flags["brand"])],
    }


class DatabaseEngine(Engine):
    name = "database"

    def search(self, query: SearchQuery, *, per_page: int = 20) -> SearchResults:
        terms = query.terms
        if not terms:
            return SearchResults([], 0, 1, per_page, engine=self.name)
        ordered, answer_match = candidates(terms)
        kept = set(
            apply_filters(Question.objects.filter(pk__in=ordered, is_public=True), query)
            .values_list("pk", flat=True)
            .distinct()
        )
        ordered = [pk for pk in ordered if pk in kept]
        total = len(ordered)
        pages = max(1, -(-total // per_page))
        page = min(max(1, query.page), pages)
        window = ordered[(page - 1) * per_page : page * per_page]
        return SearchResults(
            hits=load_hits(window, terms, answer_match),
            total=total,
            page=page,
            per_page=per_page,
            facets=count_facets(ordered),
            engine=self.name,
        )

    def similar(self, question: Question, *, limit: int = 5) -> list[Question]:
        terms = [t for t in terms_of(question.title) if len(t) > 2]
        if not terms:
            return []
        ids = [
            q.pk
            for q in _ranked_ids(Question, terms, "or", ("pk",))[: limit * 3]
            if q.pk != question.pk
        ][:limit]
        found = {q.pk: q for q in Question.objects.filter(pk__in=ids)}
        return [found[i] for i in ids if i in found]

    def suggest(self, text: str, *, limit: int = 5) -> list[Question]:
        terms = [t for t in terms_of(text) if len(t) > 2]
        if not terms:
            return []
        ids = [q.pk for q in _ranked_ids(Question, terms, "or", ("pk",))[:limit]]
        found = {
            q.pk: q
            for q in Question.objects.filter(pk__in=ids).only(
                "pk", "title", "slug", "accepted_answer", "answer_count"
            )
        }
        return [found[i] for i in ids if i in found]
