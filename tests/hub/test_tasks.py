import os

import pytest
from django.core import mail
from django.db import transaction

from hub.celery import app
from hub.tasks import enqueue, send_email


@pytest.fixture
def real_broker():
    """Switch Celery from eager mode to a broker for one test."""
    saved = {
        key: app.conf[key]
        for key in (
            "task_always_eager",
            "broker_url",
            "broker_connection_timeout",
            "broker_connection_retry",
            "broker_connection_max_retries",
            "task_publish_retry",
        )
    }

    def use(url):
        app.conf.update(
            task_always_eager=False,
            broker_url=url,
            broker_connection_timeout=1,
            broker_connection_retry=False,
            broker_connection_max_retries=0,
            task_publish_retry=False,
        )
        reset_pool()

    def reset_pool():
        # The next publish opens connections with the new settings.
        app._pool = None
        app.amqp._producer_pool = None

    yield use
    app.conf.update(saved)
    reset_pool()


def test_tasks_wait_for_the_transaction_to_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        enqueue(send_email, subject="Hi", body="Body", to=["a@example.com"])
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mail.outbox[0].subject == "Hi"


def test_with_the_broker_down_the_email_is_sent_in_process_not_lost(
    db, real_broker, django_capture_on_commit_callbacks
):
    real_broker("redis://127.0.0.1:9/0")  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(send_email, subject="Still sent", body="Body", to=["a@example.com"])
    assert [m.subject for m in mail.outbox] == ["Still sent"]


def test_with_a_real_broker_the_task_is_queued_for_a_worker(
    db, real_broker, django_capture_on_commit_callbacks
):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    import redis

    client = redis.Redis.from_url(url)
    client.delete("celery")
    real_broker(url)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(send_email, subject="Queued", body="Body", to=["a@example.com"])
    assert mail.outbox == []  # not sent here: a worker will
    assert client.llen("celery") == 1
    client.delete("celery")
