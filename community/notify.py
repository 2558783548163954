"""Who hears about what, and the emails they get.

Each member chooses in their profile: replies to their posts, mentions, and activity in what
they follow, each on or off; emails as it happens, in a daily digest, or never. Every email
carries a signed one-click unsubscribe link and a List-Unsubscribe header (RFC 8058).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from hub.models import Profile
from hub.site import absolute, email_context, sender
from hub.tasks import enqueue, send_email

from .models import Answer, Comment, Follow, Notification, Question
from .queries import with_actor_identities
from .reputation.levels import level_message

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
    """Store notifications for those who want them (idempotent: what is already stored is not
    stored again) and return the ids of the new ones; a few queries, whatever their number."""
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
    wanted: dict[tuple[int, str], None] = {}
    for uid, kind, reason in entries:
        profile = profiles.get(uid)
        if profile is None or (reason in SWITCH and not getattr(profile, SWITCH[reason])):
            continue
        wanted[(uid, kind)] = None
    if not wanted:
        return []
    stored = set(
        Notification.objects.filter(
            recipient_id__in={uid for uid, _kind in wanted},
            kind__in={kind for _uid, kind in wanted},
            question=question,
            answer=answer,
            comment=comment,
        ).values_list("recipient_id", "kind")
    )
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=uid,
            kind=kind,
            actor_id=actor_id,
            question=question,
            answer=answer,
            comment=comment,
        )
        for uid, kind in wanted
        if (uid, kind) not in stored
    )
    return [notification.pk for notification in created]


def email_immediately(notification_ids: list[int]) -> None:
    """Email these notifications to those who want them at once, and mark them emailed.

    The same news in the same language is one email rendered once, whatever the number of its
    recipients (the followers of a thread hear of an answer in one render per language), and
    who acted is looked up once per language.
    """
    notifications = (
        Notification.objects.filter(
            pk__in=notification_ids,
            emailed_at__isnull=True,
            recipient__profile__email_frequency=Profile.EmailFrequency.IMMEDIATE,
        )
        .select_related("recipient__profile", "actor__profile", "question")
        .order_by("pk")
    )
    same_email: dict[tuple, list[Notification]] = {}
    for notification in notifications:
        user = notification.recipient
        if not user.email or not user.is_active:
            continue
        key = (
            user.profile.preferred_language,
            notification.kind,
            notification.actor_id,
            notification.question_id,
            notification.answer_id,
            notification.comment_id,
            notification.note,
        )
        same_email.setdefault(key, []).append(notification)
    # Who acted, once per language (a brand voice's badge is translated): not once per email.
    firsts: dict[str, list[Notification]] = {}
    for (language, *_same), group in same_email.items():
        firsts.setdefault(language, []).append(group[0])
    for language, notifications_in_language in firsts.items():
        with translation.override(language):
            with_actor_identities(notifications_in_language)
    emailed = []
    for group in same_email.values():
        first = group[0]
        send_member_emails(
            [(n.recipient, {"url": absolute(n.get_absolute_url())}) for n in group],
            subject_template="community/email/notification_subject.txt",
            template="community/email/notification",
            context={"n": first},
            scope=f"question:{first.question_id}" if first.question_id else "all",
        )
        emailed += [n.pk for n in group]
    if emailed:
        Notification.objects.filter(pk__in=emailed).update(emailed_at=timezone.now())


def send_member_email(
    user, *, subject_template: str, template: str, context: dict, scope: str = "all"
) -> None:
    """An email to a member in their language, with the unsubscribe link and headers."""
    send_member_emails(
        [(user, {})],
        subject_template=subject_template,
        template=template,
        context=context,
        scope=scope,
    )


def send_member_emails(
    recipients: list[tuple[Any, dict[str, str]]],
    *,
    subject_template: str,
    template: str,
    context: dict,
    scope: str = "all",
) -> None:
    """The same email to several members, each in their language, with their own unsubscribe
    links and headers. ``recipients`` are (member, own) pairs: ``own`` holds the links that
    differ from one copy to the next (``{"url": …}``), added to ``context``.

    The email is rendered once per language, with a marker in place of each link that is a
    recipient's own; each copy gets its links in place of the markers. A link the templates
    would escape or alter is rendered for its copy alone, so every copy reads exactly as if it
    had been rendered for its recipient.
    """
    shared = {
        **context,
        **email_context(),
        "site_url": absolute("/"),
        "settings_url": absolute(reverse("hub:profile-edit")),
    }
    if scope == "all":
        shared["unfollow_url"] = ""
    from_email = sender()
    by_language: dict[str, list[tuple[Any, dict[str, str]]]] = {}
    for user, own in recipients:
        by_language.setdefault(user.profile.preferred_language, []).append((user, own))
    for language, copies in by_language.items():
        with translation.override(language):
            once = None
            for user, own in copies:
                links = {**own, "unsubscribe_url": unsubscribe_url(user.pk, "all")}
                if scope != "all":
                    links["unfollow_url"] = unsubscribe_url(user.pk, scope)
                if once is None:
                    once = _RenderedOnce(subject_template, template, shared, names=list(links))
                parts = once.filled(links) or _render(
                    subject_template, template, {**shared, **links}
                )
                _send(user, parts, from_email=from_email, all_url=links["unsubscribe_url"])


def _render(subject_template: str, template: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(subject_template, context).strip().replace("\n", " ")
    return (
        subject,
        render_to_string(f"{template}.txt", context),
        render_to_string(f"{template}.html", context),
    )


class _RenderedOnce:
    """An email rendered with markers (addresses on the hub, as the links they stand for) in
    place of the links that differ from one recipient to the next."""

    def __init__(self, subject_template: str, template: str, context: dict, names: list[str]):
        self.token = secrets.token_hex(12)
        self.markers = {name: absolute(f"/{self.token}/{name}/") for name in names}
        self.parts = _render(subject_template, template, {**context, **self.markers})

    def filled(self, links: dict[str, str]) -> tuple[str, str, str] | None:
        """The email with these links in place of the markers; None when they cannot stand in
        for them as they are (a different set, an empty one, or one escaping would change)."""
        if links.keys() != self.markers.keys() or not all(
            link and escape(link) == link for link in links.values()
        ):
            return None
        parts = self.parts
        for name, marker in self.markers.items():
            parts = tuple(part.replace(marker, links[name]) for part in parts)
        if any(self.token in part for part in parts):  # a marker the templates changed
            return None
        return parts


def _send(user, parts: tuple[str, str, str], *, from_email: str, all_url: str) -> None:
    subject, body, html = parts
    enqueue(
        send_email,
        subject=subject,
        body=body,
        html=html,
        to=[user.email],
        from_email=from_email,
        headers={
            "List-Unsubscribe": f"<{all_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


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
