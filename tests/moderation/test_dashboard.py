"""The listening dashboard in the admin: who sees it, its filters, its downloads, its cost."""

import csv
import io
import os
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Answer, Question
from demo.factories.community import AnswerFactory, QuestionFactory, TopicPageFactory
from demo.factories.experts import community_manager
from moderation.listening import rollups
from tests.helpers import admin_login
from tests.hostile.corpus import ALL
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db
URL = "/admin/moderation/listening/"


@pytest.fixture
def cm_client(client):
    return admin_login(client, community_manager())


def history(topics, days: int, per_day: int) -> None:
    now = timezone.now()
    for d in range(days):
        for topic in topics:
            for n in range(per_day):
                q = QuestionFactory(topic=topic, tags=[f"tag{n}"])
                a = AnswerFactory(question=q)
                Question.objects.filter(pk=q.pk).update(created_at=now - timedelta(days=d, hours=1))
                Answer.objects.filter(pk=a.pk).update(created_at=now - timedelta(days=d))
    rollups.rebuild()


def test_only_those_who_listen_see_the_dashboard(client, moderator, member):
    admin_login(client, moderator)
    assert client.get(URL).status_code in (302, 403)
    assert "/admin/moderation/listening/" not in client.get("/admin/").content.decode()
    client.logout()
    client.force_login(member)
    assert client.get(URL).status_code in (302, 403)


def test_the_dashboard_filters_a_topic_and_a_range(cm_client, topic):
    other = TopicPageFactory(title="Billing", slug="billing")
    history([topic], days=3, per_day=2)
    history([other], days=1, per_day=1)
    page = cm_client.get(URL)
    assert page.status_code == 200
    assert page.context["figures"]["questions"] == 7
    filtered = cm_client.get(URL, {"topic": topic.pk})
    assert filtered.context["figures"]["questions"] == 6
    today = rollups.local_day(timezone.now())
    one_day = cm_client.get(URL, {"topic": topic.pk, "start": today, "end": today})
    assert one_day.context["figures"]["questions"] == 2
    text = filtered.content.decode()
    assert "<svg" in text and "Show the numbers" in text and "csv=volume" in text


def test_each_table_downloads_as_csv_with_the_filters(cm_client, topic):
    history([topic], days=2, per_day=1)
    response = cm_client.get(URL, {"topic": topic.pk, "csv": "topics"})
    assert response["Content-Type"].startswith("text/csv")
    assert f"agora-topics-{topic.slug}-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Topic", "Questions", "Answers"]
    assert rows[0][4] == "First answer, median (hours)"
    assert rows[1][0] == topic.title and rows[1][1] == "2"
    for key in ("volume", "sentiment", "summary", "tags", "experts", "funnel"):
        assert cm_client.get(URL, {"csv": key}).status_code == 200
    assert cm_client.get(URL, {"csv": "passwords"}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-02-30"},
        {"start": "2026-05-01", "end": "2026-04-01"},
        {"start": "1900-01-01", "end": "2026-01-01"},
        {"topic": "999999"},
        {"topic": "1 OR 1=1"},
    ],
)
def test_bad_filters_get_a_clear_error_and_the_default_view(cm_client, params):
    response = cm_client.get(URL, params)
    assert response.status_code == 400
    assert response.context["figures"] is not None
    assert 'role="alert"' in response.content.decode()


def test_hostile_strings_in_the_filters_are_refused_safely(cm_client):
    for value in ALL:
        response = cm_client.get(URL, {"start": value, "topic": value, "csv": ""})
        assert response.status_code == 400
        assert_safe(response, value)


def test_hostile_alert_statements_are_kept_as_text(cm_client, topic, member):
    from moderation.listening import buzz
    from moderation.models import BuzzAlert, CrisisMode

    for n, value in enumerate(ALL[:8]):
        CrisisMode.objects.filter(active=True).update(active=False)
        alert = BuzzAlert.objects.create(
            topic=topic,
            crisis_topic=topic,
            window_hours=24,
            posts=20,
            negative=15,
            expected=3,
            baseline_negative_share=0.1,
        )
        response = cm_client.post(
            f"{URL}alerts/{alert.pk}/", {"action": "crisis", "title": value, "statement": value}
        )
        assert response.status_code == 302
        crisis = CrisisMode.objects.filter(active=True).first()
        if crisis is not None:
            assert "\x00" not in crisis.title + crisis.statement
            assert_safe(cm_client.get("/admin/moderation/crisis/"), value)
        BuzzAlert.objects.filter(pk=alert.pk).update(state="dismissed")
    assert buzz.open_alerts().count() == 0


def test_the_dashboard_does_not_grow_in_queries_with_the_data(cm_client, topic, expert):
    history([topic], days=1, per_day=1)
    cm_client.get(URL)  # warm the caches every page view shares
    with CaptureQueriesContext(connection) as small:
        cm_client.get(URL)
    more = [TopicPageFactory(title=f"Topic {n}", slug=f"topic-{n}") for n in range(3)]
    history([topic, *more], days=6, per_day=3)
    cm_client.get(URL)
    with CaptureQueriesContext(connection) as large:
        cm_client.get(URL)
    assert len(large) == len(small), "\n".join(q["sql"][:200] for q in large.captured_queries)


def test_terms_come_from_elasticsearch_when_configured(settings):
    from moderation.listening import trends

    settings.ELASTICSEARCH_INDEX_PREFIX = "agora"
    today = rollups.local_day(timezone.now())
    body = trends.build_search(today - timedelta(days=6), today, topic_id=7).to_dict()
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"topic": "7"}} in filters
    assert "created" in filters[0]["range"]
    assert body["size"] == 0
    assert body["aggs"]["tags"] == {"terms": {"field": "tags", "size": trends.SIZE}}
    assert body["aggs"]["words"]["significant_text"]["field"] == "title"


def test_terms_fall_back_to_the_database_when_elasticsearch_is_down(cm_client, settings, topic):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    history([topic], days=2, per_day=2)
    from moderation.listening import trends

    today = rollups.local_day(timezone.now())
    found = trends.trending(today - timedelta(days=6), today)
    assert found["source"] == "database"
    assert dict(found["tags"]) == {"tag0": 2, "tag1": 2}
    in_topic = trends.trending(today - timedelta(days=6), today, topic.pk)
    assert dict(in_topic["tags"]) == {"tag0": 2, "tag1": 2}
    page = cm_client.get(URL)
    assert page.status_code == 200
    assert "What the questions are about" in page.content.decode()


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs a live Elasticsearch")
def test_terms_from_a_live_elasticsearch(settings, topic):
    from community.search import elastic
    from moderation.listening import trends

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = "agora-test-trends"
    elastic.create_index(recreate=True)
    for n in range(3):
        QuestionFactory(topic=topic, tags=["outage"], title=f"Outage in Lyon again {n}")
    QuestionFactory(topic=topic, tags=["billing"], title="Invoice twice")
    elastic.reindex(Question.objects.all())
    elastic.client().indices.refresh(index=elastic.index_name())
    today = rollups.local_day(timezone.now())
    found = trends.trending(today, today, topic.pk)
    assert found["source"] == "elasticsearch" and found["questions"] == 4
    assert found["tags"][0] == ("outage", 3)
