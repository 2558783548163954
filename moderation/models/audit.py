"""The audit log: who did what, when, why, and what the content was before and after."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One moderation action. Written by the services, never edited: the admin only lists and
    searches these rows."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        APPROVE_WATCH = "approve_watch", _("Approved, author watched")
        REJECT = "reject", _("Rejected")
        EDIT = "edit", _("Edited")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        MOVE = "move", _("Moved")
        MERGE = "merge", _("Merged")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        WARN = "warn", _("Warned")
        SUSPEND = "suspend", _("Suspended")
        BAN = "ban", _("Banned")
        LIFT = "lift", _("Sanction lifted")
        DISMISS = "dismiss", _("Flags dismissed")
        CLAIM = "claim", _("Claimed")
        ASSIGN = "assign", _("Assigned")
        AUTO_HIDE = "auto_hide", _("Hidden by members' flags")
        ESCALATE = "escalate", _("Escalated to customer support")
        CRISIS_ON = "crisis_on", _("Crisis mode on")
        CRISIS_OFF = "crisis_off", _("Crisis mode off")
        FEATURE = "feature", _("Featured")
        UNFEATURE = "unfeature", _("No longer featured")
        PROMOTE = "promote", _("Promoted to ambassador")
        DECLINE = "decline", _("Ambassador candidate declined")
        REVOKE = "revoke", _("Ambassador role revoked")
        CONFIRM_PUPPETS = "confirm_puppets", _("Sock puppets confirmed")
        DISMISS_ALERT = "dismiss_alert", _("Bad-buzz alert dismissed")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=24, choices=Action.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("why"), blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("on"), max_length=300, blank=True)
    # The member the action concerns (the author of the post, the member warned).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    item = models.ForeignKey(
        "moderation.QueueItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["subject", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.target_label}"
