"""The emails (and inbox notifications) the experts app's events imply, as Celery tasks that take
primary keys and are safe to run twice (each email is tied to a state that is checked first)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from community.models import Notification
from community.notify import (
    DUTY,
    create_notifications,
    email_immediately,
    send_member_email,
)
from hub.models import Profile
from hub.site import absolute

from .models import ArticlePage, ExpertFollow, ExpertProfile, RoutedQuestion

User = get_user_model()
TEMPLATES = {
    "subject_template": "experts/email/event_subject.txt",
    "template": "experts/email/event",
}


def _once(key: str) -> bool:
    """True the first time a given email is about to go out (a task run twice sends once)."""
    return cache.add(f"experts:mail:{key}", 1, 7 * 24 * 3600) is not False


def _wants_mail(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(
        user.is_active
        and user.email
        and profile is not None
        and profile.anonymised_at is None
        and profile.email_frequency != Profile.EmailFrequency.NEVER
    )


def _admin_profile_url(profile) -> str:
    return absolute(reverse("experts_profiles:edit", args=[profile.pk]))


@shared_task
def notify_application(profile_id: int) -> None:
    """Tell the community managers (those who may verify) about a new application."""

    profile = ExpertProfile.objects.filter(pk=profile_id, state="applied").first()
    if profile is None or not _once(f"applied:{profile.pk}:{profile.applied_at:%s}"):
        return
    deciders = (
        User.objects.filter(
            Q(groups__permissions__codename="verify_expert") | Q(is_superuser=True),
            is_active=True,
        )
        .exclude(pk=profile.user_id)
        .select_related("profile")
        .distinct()
    )
    for user in deciders:
        if user.email:
            send_member_email(
                user,
                **TEMPLATES,
                context={
                    "kind": "application",
                    "profile": profile,
                    "url": _admin_profile_url(profile),
                },
            )


@shared_task
def notify_decision(profile_id: int, decision: str) -> None:

    profile = (
        ExpertProfile.objects.filter(pk=profile_id, state=decision)
        .select_related("user__profile")
        .first()
    )
    if profile is None or not _once(f"{decision}:{profile.pk}:{profile.decided_at:%s}"):
        return
    url = absolute(reverse("experts:apply")) if decision == "declined" else absolute("/admin/")
    if profile.user.email:
        send_member_email(
            profile.user, **TEMPLATES, context={"kind": decision, "profile": profile, "url": url}
        )


@shared_task
def notify_routed(route_id: int) -> None:
    """The expert hears of a question in their inbox (on site, and by email as they chose)."""

    route = (
        RoutedQuestion.objects.filter(pk=route_id, state=RoutedQuestion.State.OPEN)
        .select_related("expert", "question")
        .first()
    )
    if route is None:
        return
    ids = create_notifications(
        [(route.expert.user_id, Notification.Kind.ROUTED, DUTY)],
        actor_id=route.question.author_id,
        question=route.question,
    )
    email_immediately(ids)


@shared_task
def notify_departure(profile_id: int) -> None:
    """The members who followed a departed expert are told who takes over."""

    profile = (
        ExpertProfile.objects.filter(pk=profile_id, state="departed")
        .select_related("successor")
        .first()
    )
    if profile is None:
        return
    url = absolute(f"/experts/{profile.successor.slug}/" if profile.successor else "/experts/")
    for follow in ExpertFollow.objects.filter(expert=profile).select_related("user__profile"):
        user = follow.user
        if _wants_mail(user) and _once(f"departed:{profile.pk}:{user.pk}"):
            send_member_email(
                user, **TEMPLATES, context={"kind": "departed", "profile": profile, "url": url}
            )


@shared_task
def notify_article_comment(comment_id: int) -> None:
    """A published comment: the article's author hears of it, and so does the member it
    replies to. Pending comments wait until a moderator approves them."""

    comment = XtdComment.objects.filter(pk=comment_id, is_public=True, is_removed=False).first()
    if comment is None:
        return
    article = ArticlePage.objects.filter(pk=int(comment.object_pk)).select_related("author").first()
    if article is None:
        return
    recipients: dict[int, str] = {}
    if article.author_id:
        recipients[article.author.user_id] = "comment"
    if comment.parent_id and comment.parent_id != comment.pk:
        parent = XtdComment.objects.filter(pk=comment.parent_id).values_list("user_id", flat=True)
        if parent and parent[0]:
            recipients[parent[0]] = "reply"
    recipients.pop(comment.user_id, None)
    url = absolute(f"{article.url}#c{comment.pk}")
    for user in User.objects.filter(pk__in=recipients).select_related("profile"):
        profile = user.profile
        if not (_wants_mail(user) and profile.notify_replies):
            continue
        if _once(f"comment:{comment.pk}:{user.pk}"):
            send_member_email(
                user,
                **TEMPLATES,
                context={
                    "kind": recipients[user.pk],
                    "comment": comment,
                    "article": article,
                    "url": url,
                },
            )
