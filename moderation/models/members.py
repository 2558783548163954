"""What the moderators decide about members: warnings, suspensions, bans, watches; the canned
replies they send; the topics a moderator is limited to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sanction(models.Model):
    """A warning (expires), a suspension (reads but cannot post until it ends), a ban, or a
    watch (the member's posts wait for approval for a while)."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        SUSPENSION = "suspension", _("Suspension")
        BAN = "ban", _("Ban")
        WATCH = "watch", _("Watch")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    days = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "kind", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.member_id}"

    @property
    def is_active(self) -> bool:
        if self.lifted_at:
            return False
        return self.ends_at is None or self.ends_at > timezone.now()


class CannedReply(models.Model):
    """A reason the moderators send often, written once in English and in French; the member
    reads it in their own language."""

    title = models.CharField(_("title"), max_length=120)
    text_en = models.TextField(_("text in English"), max_length=2000)
    text_fr = models.TextField(_("text in French"), max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str) -> str:
        return self.text_fr if language.startswith("fr") and self.text_fr else self.text_en


class ModeratorScope(models.Model):
    """Limits a moderator to some topics (delegated moderation). A moderator without a scope
    moderates the whole hub."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderator_scope",
        verbose_name=_("moderator"),
    )
    topics = models.ManyToManyField(
        "community.TopicPage", related_name="+", verbose_name=_("topics")
    )

    class Meta:
        verbose_name = _("moderator scope")
        verbose_name_plural = _("moderator scopes")

    def __str__(self) -> str:
        return str(self.user)
