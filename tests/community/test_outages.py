"""Principle 6: a member's post is stored whatever else is down."""

import pytest
from django.urls import reverse

from community.models import Answer, Notification
from demo.factories.community import QuestionFactory

pytestmark = pytest.mark.django_db
DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens there


def test_with_redis_down_the_answer_is_saved_and_the_followers_still_hear(
    client,
    settings,
    real_broker,
    established,
    established_other,
    committed,
):
    question = QuestionFactory(author=established)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.AGORA_ANON_CACHE_SECONDS = 60
    real_broker(DEAD_REDIS)
    client.force_login(established_other)
    with committed():
        response = client.post(
            reverse("community:answer-create", args=[question.pk]),
            {"body": "Saved even with Redis down."},
        )
    assert response.status_code == 302
    assert Answer.objects.get().body == "Saved even with Redis down."
    # The notification task could not be queued, so it ran in the web process instead.
    assert Notification.objects.filter(recipient=established, kind="answer").exists()
    page = client.get(response["Location"])
    assert "Your answer is published." in page.content.decode()
