"""What a member reads when the moderators act on their post or their account: the reply text
(a canned reply in the member's language, then the moderator's own words), the note in their
inbox and the email that says why. Actions and sanctions both tell members through here; the
email itself is sent after the commit by ``send_notice``, a task that lives here (beside what
enqueues it, like experts.notify) so that notices stand below the app's tasks module.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from community import services as community
from community.models import Answer, Comment
from community.notify import send_member_email
from hub.site import absolute
from hub.tasks import enqueue

from .models import CannedReply
from .queue import Post, question_of

User = get_user_model()


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
        send_notice,
        user.pk,
        kind,
        reason,
        canned.pk if canned else None,
        url,
        until.isoformat() if until else "",
    )


# Named as when it lived in moderation.tasks: notices already queued under that name when this
# version is deployed still find their task.
@shared_task(name="moderation.tasks.send_notice")
def send_notice(
    user_id: int, kind: str, reason: str, canned_id: int | None, url: str, until: str = ""
) -> None:
    """Tell a member, by email and in their language, what the moderators decided and why
    ("rejected", "warned", "suspended"). Sent whatever their notification settings: it is
    about their own account."""
    user = User.objects.select_related("profile").filter(pk=user_id).first()
    if user is None or not user.email or getattr(user.profile, "anonymised_at", None):
        return
    digest = hashlib.blake2s(
        f"{user_id}:{kind}:{canned_id}:{reason}:{url}:{until}".encode(), digest_size=12
    ).hexdigest()
    key = f"moderation:notice:{digest}"
    if cache.add(key, 1, 600) is False:
        return
    canned = CannedReply.objects.filter(pk=canned_id).first() if canned_id else None
    language = user.profile.preferred_language
    send_member_email(
        user,
        subject_template="moderation/email/notice_subject.txt",
        template="moderation/email/notice",
        context={
            "kind": kind,
            "canned_text": canned.text_for(language) if canned else "",
            "reason": reason,
            "url": absolute(url) if url else "",
            "until": datetime.fromisoformat(until) if until else None,
        },
    )
