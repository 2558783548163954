"""The response clock of each question: a target for its first answer in business hours,
and the escalation ladder that runs before it rots."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseClock(models.Model):
    """Started when a question is published. The moments of each rung of the ladder are
    computed once, in business hours: the beat task only compares them with the time."""

    class State(models.TextChoices):
        RUNNING = "running", _("Waiting for a first answer")
        ANSWERED = "answered", _("Answered")
        STOPPED = "stopped", _("Stopped (the question is no longer public)")

    class Stage(models.IntegerChoices):
        STARTED = 0, _("Started")
        REMINDED = 1, _("Reminder sent")
        FALLBACK = 2, _("Routed to the fallback team")
        ALERTED = 3, _("Community manager alerted")

    question = models.OneToOneField(
        "community.Question", on_delete=models.CASCADE, related_name="clock"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.RUNNING)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.STARTED)
    started_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    fallback_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response clock")
        verbose_name_plural = _("response clocks")
        permissions = [("receive_alerts", _("Is alerted when a question passes its target"))]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["state", "stage", "remind_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.get_state_display()}"

    @property
    def met(self) -> bool | None:
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at
