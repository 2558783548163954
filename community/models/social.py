"""Follows and notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A member follows one question, one topic or one tag."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        "community.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "community.TopicPage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "community.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="follow_question_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="follow_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=False, topic__isnull=True, tag__isnull=True)
                | Q(question__isnull=True, topic__isnull=False, tag__isnull=True)
                | Q(question__isnull=True, topic__isnull=True, tag__isnull=False),
                name="follow_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.question_id or self.topic_id or self.tag_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("New answer")
        COMMENT = "comment", _("New comment")
        MENTION = "mention", _("Mention")
        ACCEPTED = "accepted", _("Answer accepted")
        OFFICIAL = "official", _("Official answer")
        NEW_QUESTION = "new_question", _("New question")
        APPROVED = "approved", _("Post approved")
        ROUTED = "routed", _("Question routed to you")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    question = models.ForeignKey(
        "community.Question", on_delete=models.CASCADE, related_name="notifications"
    )
    answer = models.ForeignKey(
        "community.Answer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "community.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the notification went out by email (immediately or in a digest).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["emailed_at", "recipient"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    def get_absolute_url(self) -> str:
        if self.comment_id:
            return f"{self.question.get_absolute_url()}#comment-{self.comment_id}"
        if self.answer_id:
            return f"{self.question.get_absolute_url()}#answer-{self.answer_id}"
        return self.question.get_absolute_url()
