"""The hostile corpus through every community form: asking (each field), answering,
commenting, editing and the duplicate lookup. Never a 500, never an unescaped echo, and a
post that is stored renders its text escaped."""

import pytest
from django.urls import reverse

from community.models import Answer, Comment, Question
from demo.factories.community import QuestionFactory
from tests.hostile.corpus import ALL, NUL, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db


@pytest.fixture
def poster(client, established, no_rate_limits):
    client.force_login(established)
    return client


@pytest.mark.parametrize("field", ["title", "body", "tags", "topic"])
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_ask_form(poster, topic, field, value):
    data = {
        "title": "A perfectly normal title",
        "topic": topic.pk,
        "body": "A perfectly normal body.",
        "tags": "wifi",
    }
    data[field] = value
    response = poster.post(reverse("community:ask"), data)
    body = assert_safe(response, value)
    question = Question.objects.first()
    if question is None:
        assert response.status_code in (200, 400)
        assert "errorlist" in body or "form-error-summary" in body
    else:
        page = poster.get(question.get_absolute_url())
        assert_safe(page, value)
        if value in NUL:
            assert "\x00" not in question.title + question.body


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_answer_and_comment_forms(poster, value):
    question = QuestionFactory()
    answer_response = poster.post(
        reverse("community:answer-create", args=[question.pk]), {"body": value}
    )
    assert_safe(answer_response, value)
    comment_response = poster.post(
        reverse("community:comment-create", args=[question.pk]), {"body": value}
    )
    assert_safe(comment_response, value)
    page = poster.get(question.get_absolute_url())
    assert_safe(page, value)
    for post in [*Answer.objects.all(), *Comment.objects.all()]:
        assert "<script" not in post.body_html and "\x00" not in post.body


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_edit_form(poster, established, value):
    question = QuestionFactory(author=established)
    response = poster.post(
        reverse("community:question-edit", args=[question.pk]),
        {"title": value, "topic": question.topic_id, "body": value, "tags": value},
    )
    assert_safe(response, value)
    assert_safe(poster.get(question.get_absolute_url()), value)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_duplicate_lookup_and_listings(client, value):
    QuestionFactory(title="Roaming charges abroad")
    response = client.get(reverse("community:similar-titles"), {"title": value})
    assert response.status_code == 200
    listing = client.get(
        reverse("community:question-list"), {"filter": value, "sort": value, "page": value}
    )
    assert_safe(listing, value)
