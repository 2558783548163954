"""Following an expert: a member follows or stops following an expert's profile; when the
expert leaves, their followers are told who takes over (the email is in ``experts.notify``)."""

from __future__ import annotations

from hub.permissions import check_can_post

from ..models import ExpertFollow, ExpertProfile


def follow_expert(user, expert: ExpertProfile) -> bool:
    check_can_post(user)
    _follow, created = ExpertFollow.objects.get_or_create(user=user, expert=expert)
    return created


def unfollow_expert(user, expert: ExpertProfile) -> bool:
    return ExpertFollow.objects.filter(user=user, expert=expert).delete()[0] > 0
