"""Celery tasks of listening: the hourly roll-ups and bad-buzz check, the alert emails, and the
voice-of-the-community reports. They take primary keys (or dates) and are safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from community.notify import send_member_email
from hub.site import absolute, email_context, sender
from hub.tasks import enqueue
from moderation.tasks import alert_recipients

from . import buzz, report, rollups
from .models import BuzzAlert, ListeningSettings, VoiceReport


@shared_task
def roll_up() -> int:
    """The daily figures of the days that changed (and of today and yesterday)."""
    return len(rollups.roll_up())


@shared_task
def detect_buzz() -> int:
    """Check every topic and tag for a spike; tell the community managers of new alerts."""
    alerts = buzz.detect()
    for alert in alerts:
        enqueue(email_buzz_alert, alert.pk)
    return len(alerts)


@shared_task
def email_buzz_alert(alert_id: int) -> int:
    alert = (
        BuzzAlert.objects.select_related("topic", "tag", "crisis_topic")
        .filter(pk=alert_id, state=BuzzAlert.State.OPEN)
        .first()
    )
    if alert is None:
        return 0
    sent = 0
    for user in alert_recipients():
        if not user.email or not user.has_perm("moderation.manage_crisis"):
            continue
        if cache.add(f"moderation:buzz:{alert.pk}:{user.pk}", 1, 7 * 24 * 3600) is False:
            continue
        send_member_email(
            user,
            subject_template="moderation/listening/email/buzz_subject.txt",
            template="moderation/listening/email/buzz",
            context={
                "alert": alert,
                "summary": alert.where,
                "dashboard_url": absolute(reverse("moderation_listening:index")),
                "posts": [{**p, "url": absolute(p["url"])} for p in alert.evidence],
            },
        )
        sent += 1
    return sent


@shared_task
def send_voice_reports(today: str = "") -> list[str]:
    """Send the last complete week's and month's reports if they have not gone out yet (a day
    the scheduler missed is caught up the next day; each period is sent once)."""
    config = ListeningSettings.load()
    recipients = config.recipients()
    if not recipients:
        return []
    day = date.fromisoformat(today) if today else rollups.local_day(timezone.now())
    sent = []
    for kind, wanted in (("week", config.weekly_report), ("month", config.monthly_report)):
        if not wanted:
            continue
        period = report.last_complete(kind, day)
        _created = VoiceReport.objects.get_or_create(
            period=kind, start=period.start, defaults={"recipients": len(recipients)}
        )[1]
        if _created:
            enqueue(email_voice_report, kind, period.start.isoformat())
            sent.append(f"{kind}:{period.start}")
    return sent


@shared_task
def email_voice_report(kind: str, start: str) -> int:
    config = ListeningSettings.load()
    recipients = config.recipients()
    if not recipients:
        return 0
    period = report.period_ending(kind, date.fromisoformat(start))
    with translation.override(config.report_language):
        found = report.build(period)
        context = {"report": found, "for_email": True, **email_context()}
        subject = render_to_string("moderation/listening/email/report_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("moderation/listening/email/report.txt", context),
            from_email=sender(),
            to=recipients,
        )
        message.attach_alternative(
            render_to_string("moderation/listening/report.html", context), "text/html"
        )
        message.attach(
            f"agora-{kind}-{period.start}.csv", report.as_csv(found), "text/csv; charset=utf-8"
        )
    message.send()
    return len(recipients)
