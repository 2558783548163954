"""The moderation workbench's data: the queue, the audit trail, the sanctions and the scopes of
moderators."""

from .audit import AuditEntry
from .clock import ResponseClock
from .curation import CrisisMode, EditorialPick
from .members import CannedReply, ModeratorScope, Sanction
from .queue import QueueItem
from .support import SupportCase, WebhookReceipt

__all__ = [
    "AuditEntry",
    "CannedReply",
    "CrisisMode",
    "EditorialPick",
    "ModeratorScope",
    "QueueItem",
    "ResponseClock",
    "Sanction",
    "SupportCase",
    "WebhookReceipt",
]
