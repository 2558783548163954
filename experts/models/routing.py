"""Questions routed to the experts who know."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoutedQuestion(models.Model):
    """One question in one expert's inbox, from routing until it is answered or passed on."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")
        REASSIGNED = "reassigned", _("Reassigned")
        CLOSED = "closed", _("Answered by a colleague")

    class Via(models.TextChoices):
        AREA = "area", _("Matches the expert's areas")
        TEAM = "team", _("The topic's default team")
        REASSIGNED = "reassigned", _("Reassigned")
        SUCCESSOR = "successor", _("Taken over from a departed expert")

    question = models.ForeignKey("community.Question", on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(
        "experts.ExpertProfile", on_delete=models.CASCADE, related_name="routes"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    via = models.CharField(max_length=12, choices=Via.choices, default=Via.AREA)
    routed_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["expert", "state", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "expert"],
                condition=Q(state="open"),
                name="route_open_once_per_expert",
            )
        ]

    def __str__(self) -> str:
        return f"question {self.question_id} → expert {self.expert_id} ({self.state})"
