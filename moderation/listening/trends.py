"""What the questions of a period are about: their busiest tags, and, with Elasticsearch, the
words of their titles that stand out against the rest of the hub (a significant-text
aggregation over the community search index, through ``elasticsearch.dsl``).

Without Elasticsearch, or when it does not answer, the tags come from the daily roll-ups (or,
for one topic, from the questions of the period) and the words are left out: the dashboard says
where its figures came from.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db.models import Count, Sum
from elasticsearch.dsl import Search

from community.models import Question
from community.search import elastic

from .models import DailyFigures
from .rollups import Scope, day_bounds

logger = logging.getLogger(__name__)
SIZE = 12


def build_search(start: date, end: date, topic_id: int | None = None) -> Search:
    """Questions created in the range (and topic); no hits, two aggregations."""
    since, until = day_bounds(start)[0], day_bounds(end)[1]
    search = Search(index=elastic.index_name()).filter(
        "range", created={"gte": since.isoformat(), "lt": until.isoformat()}
    )
    if topic_id is not None:
        search = search.filter("term", topic=str(topic_id))
    search = search.extra(size=0, track_total_hits=True)
    search.aggs.bucket("tags", "terms", field="tags", size=SIZE)
    search.aggs.bucket(
        "words", "significant_text", field="title", size=SIZE, filter_duplicate_text=True
    )
    return search


def from_elasticsearch(start: date, end: date, topic_id: int | None = None) -> dict:
    response = build_search(start, end, topic_id).using(elastic.client()).execute()
    aggs = response.aggregations
    return {
        "source": "elasticsearch",
        "questions": response.hits.total.value,
        "tags": [(b.key, b.doc_count) for b in aggs.tags.buckets],
        "words": [(b.key, b.doc_count) for b in aggs.words.buckets],
    }


def from_database(start: date, end: date, topic_id: int | None = None) -> dict:
    if topic_id is None:
        rows = (
            DailyFigures.objects.filter(scope=Scope.TAG, day__gte=start, day__lte=end)
            .values("key")
            .annotate(n=Sum("questions"))
            .filter(n__gt=0)
            .order_by("-n", "key")[:SIZE]
        )
        names = dict(
            Question.tags.field.related_model.objects.filter(
                pk__in=[r["key"] for r in rows]
            ).values_list("pk", "name")
        )
        tags = [(names[r["key"]], r["n"]) for r in rows if r["key"] in names]
    else:
        since, until = day_bounds(start)[0], day_bounds(end)[1]
        tags = list(
            Question.tags.through.objects.filter(
                question__is_public=True,
                question__topic_id=topic_id,
                question__created_at__gte=since,
                question__created_at__lt=until,
            )
            .values("tag__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tag__name")
            .values_list("tag__name", "n")[:SIZE]
        )
    return {"source": "database", "questions": None, "tags": tags, "words": []}


def trending(start: date, end: date, topic_id: int | None = None) -> dict:
    if settings.ELASTICSEARCH_URL:
        try:
            return from_elasticsearch(start, end, topic_id)
        except elastic.UNAVAILABLE:
            logger.warning(
                "Elasticsearch unavailable; the dashboard's terms come from the database"
            )
    return from_database(start, end, topic_id)
