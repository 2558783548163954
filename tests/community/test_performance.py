"""Query counts that do not grow with the thread, and the anonymous page cache of threads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import services
from demo.factories.community import AnswerFactory, CommentFactory, QuestionFactory
from demo.factories.users import VerifiedUserFactory

# Query counts measured over hundreds of rows: slow, so make test-fast leaves them to make test.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def build_thread(answers: int, comments_per_answer: int):
    authors = [VerifiedUserFactory(username=f"writer{i}") for i in range(5)]
    question = QuestionFactory(author=authors[0], tags=["wifi", "box"])
    CommentFactory(question=question, author=authors[1])
    for i in range(answers):
        answer = AnswerFactory(question=question, author=authors[i % 5])
        for j in range(comments_per_answer):
            CommentFactory(question=question, answer=answer, author=authors[(i + j) % 5])
    return question


def queries_for(client, url) -> int:
    client.get("/")  # the first request of a site creates its brand settings row
    client.get(url)  # and this one warms per-process caches (site root paths, brand)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_a_thread_of_200_answers_costs_the_queries_of_a_thread_of_2(client, signed_in):
    small = build_thread(2, 2)
    large = build_thread(200, 2)
    if signed_in:
        client.force_login(VerifiedUserFactory(username="reader"))
    assert queries_for(client, large.get_absolute_url()) == queries_for(
        client, small.get_absolute_url()
    )


def test_listings_cost_the_same_with_more_questions(client, topic):
    QuestionFactory.create_batch(3, topic=topic, tags=["a"])
    few = queries_for(client, reverse("community:question-list"))
    QuestionFactory.create_batch(17, topic=topic, tags=["b", "c"])
    assert queries_for(client, reverse("community:question-list")) == few
    assert queries_for(client, topic.url) == queries_for(client, topic.url)


def test_an_anonymous_reader_gets_a_cached_thread_refreshed_when_it_changes(
    client, settings, established_other, committed
):
    settings.AGORA_ANON_CACHE_SECONDS = 60
    question = QuestionFactory()
    url = question.get_absolute_url()
    client.get("/")  # the first request of a site creates its brand settings row
    assert client.get(url)["X-Agora-Cache"] == "miss"
    assert client.get(url)["X-Agora-Cache"] == "hit"
    with committed():
        services.post_answer(question, author=established_other, body="A brand new answer")
    response = client.get(url)
    assert response["X-Agora-Cache"] == "miss"
    assert "A brand new answer" in response.content.decode()


def test_counters_rebuilt_from_their_source_match_the_incremental_ones(
    established, established_other, no_rate_limits
):
    from django.core.management import call_command

    from community.models import Answer, Question

    question = QuestionFactory(author=established)
    answers = [
        services.post_answer(question, author=established_other, body=f"Idea {i}") for i in range(3)
    ]
    services.vote_helpful(answers[0], by=established)
    services.vote_helpful(question, by=established_other)
    services.delete_post(answers[2], by=established_other)
    before = (
        list(
            Question.objects.values_list("pk", "answer_count", "helpful_count", "has_brand_answer")
        ),
        list(Answer.objects.order_by("pk").values_list("pk", "helpful_count")),
    )
    Question.objects.update(answer_count=99, helpful_count=99, has_brand_answer=True)
    Answer.objects.update(helpful_count=42)
    call_command("rebuild_community_counters")
    after = (
        list(
            Question.objects.values_list("pk", "answer_count", "helpful_count", "has_brand_answer")
        ),
        list(Answer.objects.order_by("pk").values_list("pk", "helpful_count")),
    )
    assert after == before
    assert before[0][0][1:] == (2, 1, False)
