"""Background work of the hub. Tasks take plain values and are safe to run twice."""

from __future__ import annotations

import logging
import smtplib
import time

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

logger = logging.getLogger(__name__)


# Until when each broker (by URL) is taken for down, on the monotonic clock: sends skip it
# until then.
_broker_down_until: dict[str, float] = {}


def enqueue(task, *args, **kwargs) -> None:
    """Send a task once the current transaction has committed (at once outside one).

    With the broker down the work is not lost for the caller: the task runs in-process instead,
    and the broker is left alone for AGORA_OUTAGE_RETRY_SECONDS so that each request does not
    wait for it again.
    """

    def send() -> None:
        broker = str(task.app.conf.broker_url or "")
        if time.monotonic() >= _broker_down_until.get(broker, 0.0):
            try:
                task.apply_async(args=args, kwargs=kwargs)
                return
            except Exception:  # the broker is unreachable: do the work here rather than lose it
                logger.exception("Broker unreachable; running %s in-process", task.name)
                _broker_down_until[broker] = time.monotonic() + settings.AGORA_OUTAGE_RETRY_SECONDS
        task.apply(args=args, kwargs=kwargs)

    transaction.on_commit(send)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email(
    self,
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
