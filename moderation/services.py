"""Transitional: the writes of the moderation workbench now live by feature (queue.py for the
queue's primitives and the audit log, actions.py, sanctions.py, notices.py, and curation.py for
``feature``). This module only re-exports the names that the admin views, the tasks, the
receivers, listening's bad-buzz alerts and two tests still call here, until they import the
feature modules themselves."""

from __future__ import annotations

from .actions import act, act_in_bulk
from .curation import can_curate, feature
from .queue import assign, audit, claim, raise_item, resolve_items_for
from .sanctions import lift, warn

__all__ = [
    "act",
    "act_in_bulk",
    "assign",
    "audit",
    "can_curate",
    "claim",
    "feature",
    "lift",
    "raise_item",
    "resolve_items_for",
    "warn",
]
