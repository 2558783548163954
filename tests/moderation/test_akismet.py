"""Akismet, when a key is configured: the real client library talks to a stand-in of the
service (an HTTP transport that answers as Akismet does), so what is sent and how each answer
is handled are both exercised."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from community.models import Answer, PostState
from demo.factories.community import QuestionFactory
from moderation import spam
from moderation.models import QueueItem

pytestmark = pytest.mark.django_db


class FakeAkismet:
    """Answers comment-check with ``verdict`` ("true", "false", "invalid") or raises."""

    def __init__(self, verdict="false", error: Exception | None = None):
        self.verdict, self.error, self.requests = verdict, error, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.error is not None:
            raise self.error
        if request.url.path.endswith("verify-key"):
            return httpx.Response(200, text="valid")
        return httpx.Response(200, text=self.verdict)

    def sent(self) -> dict:
        return {k: v[0] for k, v in parse_qs(self.requests[-1].content.decode()).items()}


@pytest.fixture
def akismet_service(settings, monkeypatch):
    settings.AGORA_SPAM_CHECKS = True
    settings.AGORA_SPAM_MIN_TYPED_CHARS = 10**6
    settings.AKISMET_API_KEY = "abc123"
    settings.AKISMET_SITE_URL = "https://community.example.com"
    fake = FakeAkismet()
    real = spam.akismet_client
    monkeypatch.setattr(
        spam,
        "akismet_client",
        lambda http_client=None: real(httpx.Client(transport=httpx.MockTransport(fake))),
    )
    return fake


def post_answer(client, author, topic, body="Try switching the network mode to 4G only."):
    question = QuestionFactory(topic=topic)
    client.force_login(author)
    client.post(
        reverse("community:answer-create", args=[question.pk]),
        {"body": body},
        HTTP_USER_AGENT="Mozilla/5.0 Test",
        REMOTE_ADDR="203.0.113.7",
    )
    return Answer.objects.get(question=question)


def item_for(answer):
    return QueueItem.objects.get(
        content_type=ContentType.objects.get_for_model(answer), object_id=answer.pk
    )


def test_without_a_key_akismet_is_never_called(
    akismet_service, settings, client, topic, established
):
    settings.AKISMET_API_KEY = ""
    answer = post_answer(client, established, topic)
    assert answer.state == PostState.PUBLISHED and akismet_service.requests == []


def test_akismet_is_asked_with_the_post_and_its_author(akismet_service, client, topic, established):
    answer = post_answer(client, established, topic)
    assert answer.state == PostState.PUBLISHED
    sent = akismet_service.sent()
    assert akismet_service.requests[-1].url.path == "/1.1/comment-check"
    assert sent["api_key"] == "abc123" and sent["blog"] == "https://community.example.com"
    assert sent["user_ip"] == "203.0.113.7" and sent["user_agent"] == "Mozilla/5.0 Test"
    assert sent["comment_content"] == "Try switching the network mode to 4G only."
    assert sent["comment_type"] == "reply" and sent["comment_author_email"] == established.email


def test_spam_per_akismet_waits_in_the_queue(akismet_service, client, topic, established):
    akismet_service.verdict = "true"
    answer = post_answer(client, established, topic, body="Cheap pills, visit my shop")
    assert answer.state == PostState.PENDING and answer.body_text == "Cheap pills, visit my shop"
    item = item_for(answer)
    assert item.kind == QueueItem.Kind.SPAM and item.reasons == ["spam:akismet"]


@pytest.mark.parametrize(
    "verdict, error",
    [("false", httpx.ConnectTimeout("timed out")), ("invalid", None), ("garbage", None)],
)
def test_akismet_down_or_confused_holds_the_post_and_keeps_it(
    akismet_service, client, topic, established, verdict, error
):
    akismet_service.verdict, akismet_service.error = verdict, error
    answer = post_answer(client, established, topic)
    assert answer.state == PostState.PENDING
    assert answer.body_text == "Try switching the network mode to 4G only."
    assert item_for(answer).reasons == ["check_failed"]
