"""What a member reads when the moderators act on their post or their account: the reply text
(a canned reply in the member's language, then the moderator's own words), the note in their
inbox and the email that says why. Actions and sanctions both tell members through here; the
email itself is sent by a task after the commit, whatever the member's notification settings,
since it is about their own account.
"""

from __future__ import annotations

from django.conf import settings

from community import services as community
from community.models import Answer, Comment
from hub.tasks import enqueue

from . import tasks
from .models import CannedReply
from .queue import Post, question_of


def reply_text(*, reason: str, canned: CannedReply | None, language: str) -> str:
    """What the member reads: the canned reply in their language, then the moderator's own
    words, if any."""
    parts = [canned.text_for(language)] if canned else []
    if reason:
        parts.append(reason)
    return "\n\n".join(parts)


def language_of(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.preferred_language if profile else settings.LANGUAGE_CODE


def tell_member(user, *, post: Post, by, kind: str, reason: str, canned) -> None:
    """The member reads why, in their inbox and by email, in their language."""
    if user is None:
        return
    text = reply_text(reason=reason, canned=canned, language=language_of(user))
    question = question_of(post)
    community.notify_member(
        user,
        question=question,
        note=text,
        by=by,
        answer=post if isinstance(post, Answer) else None,
        comment=post if isinstance(post, Comment) else None,
    )
    mail_notice(user, kind=kind, reason=reason, canned=canned, url=question.get_absolute_url())


def mail_notice(user, *, kind: str, reason: str, canned, url: str, until=None) -> None:
    enqueue(
        tasks.send_notice,
        user.pk,
        kind,
        reason,
        canned.pk if canned else None,
        url,
        until.isoformat() if until else "",
    )
