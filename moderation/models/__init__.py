"""The moderation workbench's data: the queue, the audit trail, the sanctions and the scopes of
moderators; and listening's (defined in ``moderation.listening.models``, imported here so that
Django registers them with the app)."""

from moderation.listening.models import (
    BuzzAlert,
    DailyFigures,
    ListeningSettings,
    StaleDay,
    VoiceReport,
)

from .audit import AuditEntry
from .clock import ResponseClock
from .curation import CrisisMode, EditorialPick
from .members import CannedReply, ModeratorScope, Sanction
from .queue import QueueItem
from .support import SupportCase, WebhookReceipt

__all__ = [
    "AuditEntry",
    "BuzzAlert",
    "CannedReply",
    "CrisisMode",
    "DailyFigures",
    "EditorialPick",
    "ListeningSettings",
    "ModeratorScope",
    "QueueItem",
    "ResponseClock",
    "Sanction",
    "StaleDay",
    "SupportCase",
    "VoiceReport",
    "WebhookReceipt",
]
