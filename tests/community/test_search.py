"""Search: one contract for both engines, plus the Elasticsearch parts that need no server."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from community import services
from community.models import PostState, Question
from community.search import FallbackEngine, SearchQuery, get_engine, highlight
from community.search.database import DatabaseEngine
from community.search.elastic import ElasticsearchEngine, build_search, mapping
from demo.factories.community import AnswerFactory, QuestionFactory, TopicPageFactory
from tests.hostile.corpus import ALL as HOSTILE
from tests.hostile.corpus import short_id

pytestmark = pytest.mark.django_db

ENGINES = ["database"]
if os.environ.get("ELASTICSEARCH_URL"):
    ENGINES.append("elasticsearch")


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
        return DatabaseEngine()
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = "agora-test"
    return ElasticsearchEngine()


@pytest.fixture
def corpus(engine, topic, settings):
    billing = TopicPageFactory(title="Offers and billing", slug="billing")
    roaming = QuestionFactory(
        title="Roaming charges in Switzerland",
        body="Is Geneva in the roaming zone of my plan?",
        topic=billing,
        tags=["roaming"],
    )
    official = AnswerFactory(question=roaming, body="Add the travel option.", by_brand=True)
    roaming.accepted_answer = official
    roaming.save(update_fields=["accepted_answer"])
    coverage = QuestionFactory(
        title="No signal in the metro",
        body="My phone loses the network underground.",
        topic=topic,
        tags=["coverage"],
    )
    AnswerFactory(question=coverage, body="Switzerland roaming is not the issue; metro relays are.")
    QuestionFactory(title="Secret roaming question", body="pending", state=PostState.PENDING)
    if engine.name == "elasticsearch":
        from community.search import elastic

        elastic.reindex(Question.objects.filter(is_public=True))
    return {"roaming": roaming, "coverage": coverage, "billing": billing}


def ids(results):
    return [hit.question.pk for hit in results.hits]


def test_finds_questions_by_title_and_by_answer_text(engine, corpus):
    results = engine.search(SearchQuery("switzerland roaming"))
    assert set(ids(results)) == {corpus["roaming"].pk, corpus["coverage"].pk}
    assert ids(results)[0] == corpus["roaming"].pk  # the title match ranks first


def test_never_finds_pending_questions(engine, corpus):
    assert "Secret" not in [h.question.title for h in engine.search(SearchQuery("secret")).hits]


def test_facets_count_and_filter(engine, corpus):
    results = engine.search(SearchQuery("roaming"))
    topics = {f.label: f.count for f in results.facets["topic"]}
    assert topics == {"Offers and billing": 1, "Network and coverage": 1}
    assert results.facets["solved"][0].count == 1
    assert results.facets["brand"][0].count == 1
    assert {f.value for f in results.facets["tag"]} == {"roaming", "coverage"}
    solved = engine.search(SearchQuery("roaming", solved=True))
    assert ids(solved) == [corpus["roaming"].pk]
    by_topic = engine.search(SearchQuery("roaming", topic=corpus["billing"].pk))
    assert ids(by_topic) == [corpus["roaming"].pk]
    by_tag = engine.search(SearchQuery("roaming", tag="coverage"))
    assert ids(by_tag) == [corpus["coverage"].pk]
    brand = engine.search(SearchQuery("roaming", brand=True))
    assert ids(brand) == [corpus["roaming"].pk]


def test_snippets_are_highlighted_from_the_answer_that_matched(engine, corpus):
    results = engine.search(SearchQuery("relays"))
    assert ids(results) == [corpus["coverage"].pk]
    assert "<mark>relays</mark>" in results.hits[0].snippet


def test_similar_questions_leave_out_the_question_itself(engine, corpus):
    other = QuestionFactory(title="Roaming charges in Italy", body="Rome trip.")
    if engine.name == "elasticsearch":
        from community.search import elastic

        elastic.index_question(other.pk)
        elastic.client().indices.refresh(index=elastic.index_name())
    similar = engine.similar(corpus["roaming"])
    assert corpus["roaming"] not in similar
    assert other in similar


def test_suggestions_while_typing_find_likely_duplicates(engine, corpus):
    assert corpus["roaming"] in engine.suggest("roaming charges abroad")


def test_highlighting_escapes_before_marking():
    snippet = highlight('<script>alert("x")</script> roaming <b>', ["roaming", "script"])
    assert "<script>" not in snippet
    assert "&lt;<mark>script</mark>&gt;" in snippet
    assert "<mark>roaming</mark>" in snippet


@pytest.mark.parametrize(
    "query", [*HOSTILE, "x" * 100_000, "a:b OR (", '"', "NEAR(", "*"], ids=short_id
)
def test_hostile_or_huge_queries_never_error(client, corpus, query):
    response = client.get(reverse("hub:search"), {"q": query[:5000], "topic": query[:50]})
    assert response.status_code == 200


def test_the_search_page_shows_facets_and_the_answer_by_the_brand(client, corpus):
    page = client.get(reverse("hub:search"), {"q": "roaming"}).content.decode()
    assert "Roaming charges in Switzerland" in page
    assert "Answered by the brand" in page and "Offers and billing" in page
    filtered = client.get(reverse("hub:search"), {"q": "roaming", "solved": "yes"})
    assert "No signal in the metro" not in filtered.content.decode()


# --- Elasticsearch without a server ----------------------------------------------------------


def test_the_index_analyses_text_in_english_and_french():
    properties = mapping()["properties"]
    for field in ("title", "body", "answers"):
        assert properties[field]["analyzer"] == "english"
        assert properties[field]["fields"]["fr"]["analyzer"] == "french"
    assert properties["tags"]["type"] == "keyword"
    assert properties["solved"]["type"] == "boolean"


def test_the_query_filters_and_aggregates_the_facets(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    body = build_search(
        SearchQuery("roaming", topic=3, tag="esim", solved=True), per_page=10
    ).to_dict()
    must = body["query"]["bool"]["must"][0]["multi_match"]
    assert must["query"] == "roaming" and "title.fr^3" in must["fields"]
    filters = body["query"]["bool"]["filter"][0]["bool"]["filter"]
    assert {"term": {"topic": "3"}} in filters and {"term": {"tags": "esim"}} in filters
    assert set(body["aggs"]) == {"topic", "tag", "solved", "brand"}
    assert body["size"] == 10


def test_search_falls_back_to_the_database_when_elasticsearch_is_unreachable(settings, client):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    cache.clear()
    QuestionFactory(title="Roaming charges in Switzerland")
    engine = get_engine()
    assert isinstance(engine, FallbackEngine)
    results = engine.search(SearchQuery("roaming"))
    assert [h.question.title for h in results.hits] == ["Roaming charges in Switzerland"]
    assert client.get(reverse("hub:search"), {"q": "roaming"}).status_code == 200


def test_posting_with_elasticsearch_down_saves_and_marks_the_thread_for_catch_up(
    settings, established, topic, committed
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    with committed():
        question = services.ask_question(
            author=established, title="Saved even without search", body="Body", topic=topic
        )
    question.refresh_from_db()
    assert question.is_public
    assert question.search_dirty  # the catch-up task will index it when Elasticsearch is back


def test_a_new_answer_is_indexed_by_a_task_after_the_commit(
    settings, established, established_other, topic, committed
):
    settings.ELASTICSEARCH_URL = ""
    question = QuestionFactory(title="Box reboots at night", author=established)
    with committed() as callbacks:
        services.post_answer(question, author=established_other, body="Firmware zanzibar update")
        # Nothing is indexed inside the request.
        assert not DatabaseEngine().search(SearchQuery("zanzibar")).hits
    assert callbacks
    results = DatabaseEngine().search(SearchQuery("zanzibar"))
    assert [h.question for h in results.hits] == [question]
