"""The Elasticsearch engine, built with ``elasticsearch.dsl``.

One document per public thread: the question's title and body and the text of its public
answers, each analysed in English and in French, plus the facets as keywords. Documents are
written by Celery tasks after commit; ``manage.py search_reindex`` rebuilds the whole index.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db.models import Q as DbQ
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import Boolean, Date, Document, Integer, Keyword, Q, Search, Text
from elasticsearch.helpers import streaming_bulk

from ..models import Answer, Question, TopicPage
from .base import Engine, Facet, SearchQuery, SearchResults, load_hits, terms_of

# Everything that means "Elasticsearch did not answer": the caller falls back or retries.
UNAVAILABLE = (TransportConnectionError, ConnectionTimeout, TransportError, ApiError)


def _bilingual() -> Text:
    """A text field analysed three ways: English stemming, French stemming, and plain."""
    return Text(
        analyzer="english",
        fields={"fr": Text(analyzer="french"), "exact": Text(analyzer="standard")},
    )


class QuestionDocument(Document):
    title = _bilingual()
    body = _bilingual()
    answers = _bilingual()
    topic = Keyword()
    tags = Keyword()
    solved = Boolean()
    brand = Boolean()
    created = Date()
    activity = Date()
    helpful = Integer()

    @classmethod
    def from_question(cls, question: Question, answer_texts: list[str]) -> QuestionDocument:
        return cls(
            meta={"id": question.pk},
            title=question.title,
            body=question.body_text,
            answers=answer_texts,
            topic=str(question.topic_id or ""),
            tags=[t.name for t in question.tags.all()],
            solved=question.accepted_answer_id is not None,
            brand=question.has_brand_answer,
            created=question.created_at,
            activity=question.last_activity_at,
            helpful=question.helpful_count,
        )


SEARCH_FIELDS = [
    "title^3",
    "title.fr^3",
    "title.exact^2",
    "body",
    "body.fr",
    "body.exact",
    "answers",
    "answers.fr",
]


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-questions"


@cache
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def mapping() -> dict:
    return QuestionDocument._doc_type.mapping.to_dict()


def create_index(*, recreate: bool = False) -> None:
    es = client()
    name = index_name()
    if recreate and es.indices.exists(index=name):
        es.indices.delete(index=name)
    if not es.indices.exists(index=name):
        es.indices.create(index=name, mappings=mapping())


def _answer_texts(question: Question) -> list[str]:
    return list(
        question.answers.filter(is_public=True)
        .order_by("created_at")
        .values_list("body_text", flat=True)[:500]
    )


def index_question(question_id: int) -> None:
    """Write (or delete) one thread's document, then clear its "changed" mark."""
    question = Question.objects.filter(pk=question_id).prefetch_related("tags").first()
    es = client()
    if question is None or not question.is_public:
        es.delete(index=index_name(), id=question_id, ignore_status=404)
    else:
        document = QuestionDocument.from_question(question, _answer_texts(question))
        document.save(using=es, index=index_name())
    Question.objects.filter(pk=question_id).update(search_dirty=False)


def documents(queryset):
    for question in queryset.prefetch_related("tags").iterator(chunk_size=500):
        doc = QuestionDocument.from_question(question, _answer_texts(question))
        yield doc.to_dict(include_meta=True, skip_empty=False) | {"_index": index_name()}


def reindex(queryset, *, progress=None) -> int:
    """Rebuild the index from the database; ``progress`` is called with each batch size."""
    create_index(recreate=True)
    done = 0
    for _ok, _info in _streaming(queryset):
        done += 1
        if progress:
            progress(1)
    Question.objects.update(search_dirty=False)
    client().indices.refresh(index=index_name())
    return done


def _streaming(queryset):
    yield from streaming_bulk(client(), documents(queryset), chunk_size=500, raise_on_error=True)


def build_search(query: SearchQuery, *, per_page: int = 20) -> Search:
    search = Search(using=client(), index=index_name()).query(
        Q("multi_match", query=query.text, fields=SEARCH_FIELDS, operator="and")
    )
    filters = []
    if query.topic:
        filters.append(Q("term", topic=str(query.topic)))
    if query.tag:
        filters.append(Q("term", tags=query.tag))
    if query.solved is not None:
        filters.append(Q("term", solved=query.solved))
    if query.brand is not None:
        filters.append(Q("term", brand=query.brand))
    if filters:
        search = search.filter("bool", filter=filters)
    search.aggs.bucket("topic", "terms", field="topic", size=10)
    search.aggs.bucket("tag", "terms", field="tags", size=10)
    search.aggs.bucket("solved", "filter", filter=Q("term", solved=True))
    search.aggs.bucket("brand", "filter", filter=Q("term", brand=True))
    start = (max(1, query.page) - 1) * per_page
    return search.extra(from_=start, size=per_page, track_total_hits=True).source(False)


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def search(self, query: SearchQuery, *, per_page: int = 20) -> SearchResults:
        terms = query.terms
        if not terms:
            return SearchResults([], 0, 1, per_page, engine=self.name)
        query = SearchQuery(**{**query.__dict__, "text": " ".join(terms)})
        response = build_search(query, per_page=per_page).execute()
        ids = [int(hit.meta.id) for hit in response.hits]
        aggs = response.aggregations
        topic_ids = [int(b.key) for b in aggs.topic.buckets if b.key]
        titles = dict(TopicPage.objects.filter(pk__in=topic_ids).values_list("pk", "title"))
        facets = {
            "topic": [
                Facet(b.key, titles.get(int(b.key), ""), b.doc_count)
                for b in aggs.topic.buckets
                if b.key
            ],
            "tag": [Facet(b.key, b.key, b.doc_count) for b in aggs.tag.buckets],
            "solved": [Facet("yes", "", aggs.solved.doc_count)],
            "brand": [Facet("yes", "", aggs.brand.doc_count)],
        }
        answer_match = _matching_answers(ids, terms)
        return SearchResults(
            hits=load_hits(ids, terms, answer_match),
            total=response.hits.total.value,
            page=query.page,
            per_page=per_page,
            facets=facets,
            engine=self.name,
        )

    def similar(self, question: Question, *, limit: int = 5) -> list[Question]:
        search = (
            Search(using=client(), index=index_name())
            .query(
                Q(
                    "more_like_this",
                    fields=["title", "title.fr", "body", "body.fr"],
                    like=[{"_index": index_name(), "_id": str(question.pk)}],
                    min_term_freq=1,
                    min_doc_freq=1,
                )
            )
            .extra(size=limit)
            .source(False)
        )
        ids = [int(h.meta.id) for h in search.execute().hits]
        found = {q.pk: q for q in Question.objects.filter(pk__in=ids, is_public=True)}
        return [found[i] for i in ids if i in found and i != question.pk]

    def suggest(self, text: str, *, limit: int = 5) -> list[Question]:
        terms = [t for t in terms_of(text) if len(t) > 2]
        if not terms:
            return []
        search = (
            Search(using=client(), index=index_name())
            .query(
                Q("multi_match", query=" ".join(terms), fields=["title", "title.fr", "title.exact"])
            )
            .extra(size=limit)
            .source(False)
        )
        ids = [int(h.meta.id) for h in search.execute().hits]
        found = {q.pk: q for q in Question.objects.filter(pk__in=ids, is_public=True)}
        return [found[i] for i in ids if i in found]


def _matching_answers(question_ids: list[int], terms: list[str]) -> dict[int, int]:
    """For snippets: the first public answer of each hit that contains one of the terms."""
    condition = DbQ()
    for term in terms:
        condition |= DbQ(body_text__icontains=term)
    matches: dict[int, int] = {}
    for pk, question_id in (
        Answer.objects.filter(condition, question_id__in=question_ids, is_public=True)
        .order_by("created_at")
        .values_list("pk", "question_id")
    ):
        matches.setdefault(question_id, pk)
    return matches
