"""What listening does when a thread changes: the roll-ups of the days concerned are marked
stale, to be recomputed at the next hourly run. Connected in ``ModerationConfig.ready()``."""

from __future__ import annotations

from community.signals import thread_changed

from .rollups import mark_stale, mark_thread_stale


def mark_days_stale(sender, question, post=None, **kwargs) -> None:
    """The listening roll-ups of the days concerned are recomputed at their next run: the
    post's and the question's, or every day of the thread when the change was to the whole
    thread (moved, retagged, merged: its answers' topic and tags changed too)."""
    if post is not None:
        mark_stale(question.created_at, post.created_at)
    else:
        mark_thread_stale(question)


def connect() -> None:
    thread_changed.connect(mark_days_stale, dispatch_uid="moderation.listening_stale")
