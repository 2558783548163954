"""Curation and crisis: the editorial picks of the home page, and crisis mode."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EditorialPick(models.Model):
    """A question or an article the community manager puts on the home page."""

    question = models.ForeignKey(
        "community.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article or page"),
    )
    blurb = models.CharField(_("why it is worth reading"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("editorial pick")
        verbose_name_plural = _("editorial picks")
        ordering = ["position", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, page__isnull=True)
                | Q(question__isnull=True, page__isnull=False),
                name="pick_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.question_id:
            return self.question.title
        return self.page.title if self.page_id else ""

    @property
    def url(self) -> str:
        if self.question_id:
            return self.question.get_absolute_url()
        return self.page.url if self.page_id else ""


class CrisisMode(models.Model):
    """Crisis mode for one topic or the whole hub: slower posting, every new post waits for a
    moderator, and an official statement pinned on every affected page."""

    topic = models.ForeignKey(
        "community.TopicPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic (empty: the whole hub)"),
    )
    active = models.BooleanField(default=True)
    title = models.CharField(_("statement title"), max_length=160)
    statement = models.TextField(_("official statement"), max_length=3000)
    slow_factor = models.PositiveSmallIntegerField(
        _("slow mode: waits between posts multiplied by"), default=4
    )
    premoderate = models.BooleanField(_("every new post waits for a moderator"), default=True)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("crisis mode")
        verbose_name_plural = _("crisis modes")
        ordering = ["-started_at", "-pk"]
        permissions = [("manage_crisis", _("Can switch crisis mode on and off"))]
        constraints = [
            models.UniqueConstraint(
                fields=["topic"], condition=Q(active=True), name="one_crisis_per_topic"
            ),
            models.UniqueConstraint(
                fields=["active"],
                condition=Q(active=True, topic__isnull=True),
                name="one_hub_wide_crisis",
            ),
        ]

    def __str__(self) -> str:
        return self.title
