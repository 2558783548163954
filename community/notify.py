"""Who hears about what, and the emails they get.

Each member chooses in their profile: replies to their posts, mentions, and activity in what
they follow, each on or off; emails as it happens, in a daily digest, or never. Every email
carries a signed one-click unsubscribe link and a List-Unsubscribe header (RFC 8058).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hub.models import Profile
from hub.site import absolute, email_context, sender
from hub.tasks import enqueue, send_email

from .models import Answer, Comment, Follow, Notification, Question
from .reputation import level_message

User = get_user_model()
Kind = Notification.Kind
UNSUBSCRIBE_SALT = "agora.community.unsubscribe"

# What each profile switch covers.
REPLY, MENTION, FOLLOW = "reply", "mention", "follow"
# Work the hub gives a brand voice (a question routed to them): no profile switch turns it off.
DUTY = "duty"
SWITCH = {REPLY: "notify_replies", MENTION: "notify_mentions", FOLLOW: "notify_follows"}


def unsubscribe_token(user_id: int, scope: str = "all") -> str:
    return signing.dumps({"u": user_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    scope = data.get("s", "all")
    if scope != "all" and not (
        isinstance(scope, str) and scope.startswith("question:") and scope[9:].isdigit()
    ):
        return None
    return data["u"], scope


def unsubscribe_url(user_id: int, scope: str = "all") -> str:
    return absolute(reverse("community:unsubscribe", args=[unsubscribe_token(user_id, scope)]))


def _followers(question: Question) -> set[int]:
    tag_ids = list(question.tags.values_list("pk", flat=True))
    return set(
        Follow.objects.filter(
            Q(question=question) | Q(topic_id=question.topic_id) | Q(tag_id__in=tag_ids)
        ).values_list("user_id", flat=True)
    )


def recipients_for_post(post, mentions: list[str], mentions_only: bool = False):
    """(user id, kind, reason) for everyone a newly visible post concerns."""
    question = post if isinstance(post, Question) else post.question
    found: dict[int, tuple[str, str]] = {}
    if not mentions_only:
        if isinstance(post, Question):
            for uid in _followers(question):
                found[uid] = (Kind.NEW_QUESTION, FOLLOW)
        elif isinstance(post, Answer):
            for uid in Follow.objects.filter(question=question).values_list("user_id", flat=True):
                found[uid] = (Kind.ANSWER, FOLLOW)
            if question.author_id:
                found[question.author_id] = (Kind.ANSWER, REPLY)
        elif isinstance(post, Comment):
            if question.author_id:
                found[question.author_id] = (Kind.COMMENT, REPLY)
            if post.answer_id and post.answer.author_id:
                found[post.answer.author_id] = (Kind.COMMENT, REPLY)
    for uid in User.objects.filter(username__in=mentions, is_active=True).values_list(
        "pk", flat=True
    ):
        found[uid] = (Kind.MENTION, MENTION)
    found.pop(post.author_id, None)
    return [(uid, kind, reason) for uid, (kind, reason) in found.items()]


def recipients_for_event(answer: Answer, kind: str, actor_id: int):
    """(user id, kind, reason) for an accepted answer (its author) or an official one (its
    author, the asker and the thread's followers), never the person who acted."""
    question = answer.question
    found: dict[int, str] = {}
    if kind == Kind.OFFICIAL:
        for uid in Follow.objects.filter(question=question).values_list("user_id", flat=True):
            found[uid] = FOLLOW
        if question.author_id:
            found[question.author_id] = REPLY
    if answer.author_id:
        found[answer.author_id] = REPLY
    found.pop(actor_id, None)
    return [(uid, kind, reason) for uid, reason in found.items()]


def create_notifications(entries, *, actor_id, question, answer=None, comment=None) -> list[int]:
    """Store notifications for those who want them (idempotent) and return their ids."""
    if not entries:
        return []
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(
            user_id__in=[uid for uid, _k, _r in entries],
            user__is_active=True,
            anonymised_at__isnull=True,
        )
    }
    created = []
    for uid, kind, reason in entries:
        profile = profiles.get(uid)
        if profile is None or (reason in SWITCH and not getattr(profile, SWITCH[reason])):
            continue
        notification, new = Notification.objects.get_or_create(
            recipient_id=uid,
            kind=kind,
            question=question,
            answer=answer,
            comment=comment,
            defaults={"actor_id": actor_id},
        )
        if new:
            created.append(notification.pk)
    return created


def email_immediately(notification_ids: list[int]) -> None:
    for notification in (
        Notification.objects.filter(
            pk__in=notification_ids,
            emailed_at__isnull=True,
            recipient__profile__email_frequency=Profile.EmailFrequency.IMMEDIATE,
        )
        .select_related("recipient__profile", "actor__profile", "question")
        .order_by("pk")
    ):
        send_notification_email(notification)


def send_member_email(
    user, *, subject_template: str, template: str, context: dict, scope: str = "all"
) -> None:
    """An email to a member in their language, with the unsubscribe link and headers."""
    profile = user.profile
    with translation.override(profile.preferred_language):
        all_url = unsubscribe_url(user.pk, "all")
        context = {
            **context,
            **email_context(),
            "recipient": user,
            "site_url": absolute("/"),
            "unsubscribe_url": all_url,
            "unfollow_url": unsubscribe_url(user.pk, scope) if scope != "all" else "",
            "settings_url": absolute(reverse("hub:profile-edit")),
        }
        subject = render_to_string(subject_template, context).strip().replace("\n", " ")
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    enqueue(
        send_email,
        subject=subject,
        body=body,
        html=html,
        to=[user.email],
        from_email=sender(),
        headers={
            "List-Unsubscribe": f"<{all_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def send_notification_email(notification: Notification) -> None:
    user = notification.recipient
    if not user.email or not user.is_active:
        return
    send_member_email(
        user,
        subject_template="community/email/notification_subject.txt",
        template="community/email/notification",
        context={"n": notification, "url": absolute(notification.get_absolute_url())},
        scope=f"question:{notification.question_id}" if notification.question_id else "all",
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def level_notification(user_id: int, *, old: int, new: int, reason: str, note: str = ""):
    """The inbox line that explains a level reached or lost, in the member's language."""
    language = (
        User.objects.filter(pk=user_id)
        .values_list("profile__preferred_language", flat=True)
        .first()
    )
    with translation.override(language or "en"):
        text = level_message(old, new, reason, note)
    return Notification.objects.create(
        recipient_id=user_id, kind=Notification.Kind.LEVEL, note=text
    )


def send_digest(user, notifications: list[Notification]) -> None:
    if not notifications or not user.email or not user.is_active:
        return
    items = [(n, absolute(n.get_absolute_url())) for n in notifications]
    send_member_email(
        user,
        subject_template="community/email/digest_subject.txt",
        template="community/email/digest",
        context={"items": items, "count": len(items)},
        scope="all",
    )
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )
