"""Escalations of a thread to the company's customer-support system."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportCase(models.Model):
    """A thread sent to customer support: by a signed webhook and/or by email. The case
    reference and status come back through a signed inbound webhook and show in the thread."""

    class State(models.TextChoices):
        SENDING = "sending", _("Being sent")
        FAILED = "failed", _("Could not be sent")
        OPEN = "open", _("Open")
        PENDING = "pending", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    question = models.ForeignKey(
        "community.Question", on_delete=models.CASCADE, related_name="support_cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(_("what the problem is"), max_length=2000)
    state = models.CharField(max_length=12, choices=State.choices, default=State.SENDING)
    reference = models.CharField(_("case reference"), max_length=80, blank=True)
    # Sent with every attempt: the support system creates one case however often it is told.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(state__in=["sending", "open", "pending"]),
                name="one_live_case_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.reference or str(self.key)


class WebhookReceipt(models.Model):
    """An inbound event already applied: the same event sent again is a replay and refused."""

    event_id = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.event_id
