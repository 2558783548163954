"""Who may do what with expert profiles, sections and routed questions.

``can_*`` return a bool; ``check_*`` raise PermissionDenied with a reason people can read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from community.models import Question
from hub.permissions import can_post, check_can_post

from .models import ExpertProfile, RoutedQuestion

_NO_PROFILE = object()


def profile_of(user) -> ExpertProfile | None:
    """The member's expert profile, whatever its state (looked up once per request)."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_agora_expert_profile", _NO_PROFILE)
    if cached is _NO_PROFILE:
        cached = ExpertProfile.objects.filter(user=user).first()
        user._agora_expert_profile = cached
    return cached


def verified_expert(user) -> ExpertProfile | None:
    profile = profile_of(user)
    if profile and profile.kind == ExpertProfile.Kind.EXPERT and profile.is_verified:
        return profile
    return None


def can_verify(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("experts.verify_expert"))


def check_verify(user, profile: ExpertProfile) -> None:
    if not can_verify(user):
        raise PermissionDenied(_("Only the community manager can verify experts."))
    if profile.user_id == user.pk:
        raise PermissionDenied(_("Nobody can verify, decline or retire their own profile."))


def can_apply(user) -> bool:
    if not can_post(user):
        return False
    profile = profile_of(user)
    return profile is None or profile.state in (
        ExpertProfile.State.APPLIED,
        ExpertProfile.State.DECLINED,
    )


def check_apply(user) -> None:
    check_can_post(user)
    if not can_apply(user):
        raise PermissionDenied(_("You already have a verified expert profile."))


def covers(profile: ExpertProfile, question: Question) -> bool:
    """The question is in the expert's areas: its topic, or one of its tags."""
    topic_ids = getattr(profile, "_topic_ids", None)
    if topic_ids is None:
        topic_ids = profile._topic_ids = set(profile.topics.values_list("pk", flat=True))
        profile._tag_ids = set(profile.tags.values_list("pk", flat=True))
    if question.topic_id in topic_ids:
        return True
    question_tags = getattr(question, "_tag_ids", None)
    if question_tags is None:  # a thread page asks more than once
        question_tags = question._tag_ids = set(question.tags.values_list("pk", flat=True))
    return bool(profile._tag_ids & question_tags)


def can_mark_official_in_area(user, question: Question) -> bool:
    """Verified experts endorse official answers for the topics and tags of their expertise."""
    if not (user.is_authenticated and user.is_active):
        return False
    profile = verified_expert(user)
    return bool(profile and covers(profile, question))


def can_work_route(user, route: RoutedQuestion) -> bool:
    """The expert the question is routed to, or the community manager."""
    return bool(user.is_authenticated and (route.expert.user_id == user.pk or can_verify(user)))


def check_work_route(user, route: RoutedQuestion) -> None:
    if not can_work_route(user, route):
        raise PermissionDenied(_("This question is routed to someone else."))
    if route.state != RoutedQuestion.State.OPEN:
        raise PermissionDenied(_("This question has already left this inbox."))


def can_turn_into_article(user, question: Question) -> bool:
    """The community manager, or a verified expert, on a solved public thread."""
    if not (question.is_public and (question.accepted_answer_id or question.official_answer_id)):
        return False
    return can_verify(user) or verified_expert(user) is not None
