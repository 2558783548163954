"""The one queue of everything that needs a human."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QueueItem(models.Model):
    """One thing waiting for a moderator: a flagged post, a post held for approval, a spam
    suspect, an article comment, an expert application, an overdue question.

    There is at most one open item per thing and kind (the database says so): new flags on a
    post already in the queue add to its item. Items are ordered by ``priority_at``: the time
    the item was raised, moved back by its severity and by the number and trust of its
    flaggers, so that older and more serious items come first and every item rises with age.
    """

    class Kind(models.TextChoices):
        FLAG = "flag", _("Flagged by members")
        PENDING = "pending", _("Waiting for approval")
        SPAM = "spam", _("Suspected spam")
        ARTICLE_COMMENT = "article_comment", _("Article comment")
        APPLICATION = "application", _("Expert application")
        OVERDUE = "overdue", _("Question past its target")
        PUPPETS = "puppets", _("Suspected sock puppets")
        AMBASSADOR = "ambassador", _("Ambassador candidate")
        BUZZ = "buzz", _("Bad-buzz alert")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    question = models.ForeignKey(
        "community.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "community.TopicPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    # The member whose post or application this is.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the listing shows without reading the target: a title and the start of the text.
    title = models.CharField(max_length=200, blank=True)
    excerpt = models.CharField(max_length=300, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    severity = models.PositiveSmallIntegerField(default=1)
    flag_count = models.PositiveIntegerField(default=0)
    flag_weight = models.PositiveIntegerField(default=0)
    priority_at = models.DateTimeField(db_index=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("queue item")
        verbose_name_plural = _("queue items")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"],
                condition=Q(state="open"),
                name="one_open_item_per_thing",
            )
        ]
        indexes = [
            models.Index(fields=["state", "priority_at"]),
            models.Index(fields=["state", "kind", "priority_at"]),
            models.Index(fields=["state", "topic", "priority_at"]),
            models.Index(fields=["state", "assignee", "priority_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title or self.excerpt[:60]}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def compute_priority(self) -> None:
        """Move ``priority_at`` back by six hours per severity point and four per unit of
        flag weight (so three trusted flags outrank a day-old first post)."""
        boost = timedelta(hours=6 * self.severity + 4 * self.flag_weight)
        self.priority_at = (self.created_at or self.priority_at) - boost
