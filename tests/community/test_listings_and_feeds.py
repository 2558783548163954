"""Listings per topic and tag with filters and sorts, activity pages and feeds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import PostState
from demo.factories.community import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(topic):
    now = timezone.now()
    unanswered = QuestionFactory(title="Unanswered one here", topic=topic, last_activity_at=now)
    solved = QuestionFactory(
        title="Solved one here", topic=topic, last_activity_at=now - timedelta(hours=1)
    )
    answer = AnswerFactory(question=solved)
    solved.accepted_answer = answer
    solved.save(update_fields=["accepted_answer"])
    brand = QuestionFactory(
        title="Brand one here", topic=topic, last_activity_at=now - timedelta(hours=2)
    )
    AnswerFactory(question=brand, by_brand=True)
    hidden = QuestionFactory(title="Pending one here", topic=topic, state=PostState.PENDING)
    return {"unanswered": unanswered, "solved": solved, "brand": brand, "hidden": hidden}


def titles(response) -> list[str]:
    return [q.title for q in response.context["questions"]]


@pytest.mark.parametrize(
    ("filter_name", "expected"),
    [
        ("", ["Unanswered one here", "Solved one here", "Brand one here"]),
        ("unanswered", ["Unanswered one here"]),
        ("unsolved", ["Unanswered one here", "Brand one here"]),
        ("solved", ["Solved one here"]),
        ("brand", ["Brand one here"]),
    ],
)
def test_the_topic_page_filters_its_questions(client, questions, topic, filter_name, expected):
    response = client.get(topic.url, {"filter": filter_name})
    assert titles(response) == expected


def test_sorts_by_newest_and_most_helpful(client, questions):
    questions["brand"].helpful_count = 5
    questions["brand"].save()
    helpful = client.get(reverse("community:question-list"), {"sort": "helpful"})
    assert titles(helpful)[0] == "Brand one here"
    newest = client.get(reverse("community:question-list"), {"sort": "newest"})
    assert titles(newest)[0] == "Brand one here"  # created last among the public ones


def test_listings_are_paginated(client, topic):
    QuestionFactory.create_batch(25, topic=topic)
    first = client.get(reverse("community:question-list"))
    second = client.get(reverse("community:question-list"), {"page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5


def test_unknown_filters_and_pages_fall_back_quietly(client, questions):
    response = client.get(
        reverse("community:question-list"), {"filter": "<x>", "sort": "'", "page": "zz"}
    )
    assert response.status_code == 200


def test_a_tag_page_lists_its_questions(client, topic):
    QuestionFactory(title="Roaming in Switzerland", tags=["roaming"], topic=topic)
    QuestionFactory(title="Wi-Fi drops", tags=["wifi"], topic=topic)
    response = client.get(reverse("community:tag-detail", args=["roaming"]))
    assert titles(response) == ["Roaming in Switzerland"]
    assert client.get(reverse("community:tag-detail", args=["nope"])).status_code == 404


def test_a_members_activity_hides_their_pending_posts_from_others(client, member, topic):
    QuestionFactory(author=member, title="Public question of mine", topic=topic)
    QuestionFactory(author=member, title="Pending question of mine", state=PostState.PENDING)
    page = client.get(reverse("community:member-activity", args=[member.username])).content.decode()
    assert "Public question of mine" in page and "Pending question of mine" not in page
    client.force_login(member)
    page = client.get(reverse("community:member-activity", args=[member.username])).content.decode()
    assert "Pending question of mine" in page


def test_the_topic_feed_lists_its_newest_questions(client, questions, topic):
    rss = client.get(reverse("community:feed-topic", args=[topic.slug]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "Unanswered one here" in body and "Pending one here" not in body
    atom = client.get(reverse("community:feed-topic-atom", args=[topic.slug]))
    assert atom["Content-Type"].startswith("application/atom+xml")


def test_the_unanswered_feed_lists_only_unanswered_questions(client, questions):
    body = client.get(reverse("community:feed-unanswered")).content.decode()
    assert "Unanswered one here" in body and "Solved one here" not in body
