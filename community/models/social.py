"""Follows and notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
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
        MODERATION = "moderation", _("Message from the moderators")
        LEVEL = "level", _("Level reached or lost")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Empty for news about the member themselves (a level reached or lost).
    question = models.ForeignKey(
        "community.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    answer = models.ForeignKey(
        "community.Answer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "community.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What the moderators wrote (a moderation notice: why a post was removed, a warning).
    note = models.TextField(blank=True)
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
        if self.question_id is None:
            return reverse("hub:member-profile", args=[self.recipient.username]) + "#reputation"
        if self.comment_id:
            return f"{self.question.get_absolute_url()}#comment-{self.comment_id}"
        if self.answer_id:
            return f"{self.question.get_absolute_url()}#answer-{self.answer_id}"
        return self.question.get_absolute_url()


class Flag(models.Model):
    """A member tells the moderators that a post needs a look, and why. One flag per member
    per post (the database says so); a moderator later upholds or dismisses it, which is the
    flagger's track record."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        RUDE = "rude", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off-topic")
        SUPPORT = "support", _("Needs customer support")
        OTHER = "other", _("Something else")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised"
    )
    # The flagged post: "question:12", "answer:5" or "comment:7" (one flag per member per post).
    target = models.CharField(max_length=40)
    question = models.ForeignKey(
        "community.Question", on_delete=models.CASCADE, related_name="flags"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    # How much this flag counts (a trusted member's flag weighs more), fixed when raised.
    weight = models.PositiveSmallIntegerField(default=1)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["flagger", "target"], name="one_flag_per_post")
        ]
        indexes = [models.Index(fields=["target", "outcome"])]

    def __str__(self) -> str:
        return f"{self.flagger_id} flags {self.target}"


class ThreadNote(models.Model):
    """A line the hub itself writes in a thread ("locked by the moderators", "handled by
    customer support, case #123"). Stored as a kind and its values, worded when shown, so
    each reader gets it in their language."""

    class Kind(models.TextChoices):
        LOCKED = "locked", _("Locked")
        UNLOCKED = "unlocked", _("Unlocked")
        MOVED = "moved", _("Moved")
        MERGED = "merged", _("Merged")
        SUPPORT = "support", _("Customer support")

    question = models.ForeignKey(
        "community.Question", on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.question_id}"
