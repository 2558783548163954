import os

import pytest
from django.core import mail
from django.db import transaction

from hub.tasks import enqueue, send_email


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


def test_a_dead_broker_is_tried_once_then_left_alone_for_a_while(
    db, real_broker, django_capture_on_commit_callbacks, monkeypatch
):
    real_broker("redis://127.0.0.1:9/5")  # nothing listens there
    tried = []
    publish = send_email.apply_async
    monkeypatch.setattr(
        send_email, "apply_async", lambda *a, **kw: tried.append(1) or publish(*a, **kw)
    )
    with django_capture_on_commit_callbacks(execute=True):
        for subject in ("First", "Second", "Third"):
            enqueue(send_email, subject=subject, body="Body", to=["a@example.com"])
    assert [m.subject for m in mail.outbox] == ["First", "Second", "Third"]
    assert len(tried) == 1


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
