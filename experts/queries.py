"""Read helpers of the experts app, for its views and for other apps."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from .identity import page_path
from .models import ExpertProfile, ExpertSectionPage, RoutedQuestion

INBOX_RECENT = 10


def profile_url(profile: ExpertProfile) -> str:
    """An expert's public page: their section, or their member profile without one."""
    section = ExpertSectionPage.objects.filter(expert=profile).only("url_path").first()
    return page_path(section.url_path if section else None) or reverse(
        "hub:member-profile", args=[profile.user.username]
    )


def open_routes(expert: ExpertProfile) -> QuerySet[RoutedQuestion]:
    return (
        RoutedQuestion.objects.filter(
            expert=expert, state=RoutedQuestion.State.OPEN, question__is_public=True
        )
        .select_related("question__topic")
        .order_by("due_at", "pk")
    )


def inbox(expert: ExpertProfile) -> dict:
    return {
        "routes": list(open_routes(expert)),
        "recent": list(
            RoutedQuestion.objects.filter(expert=expert)
            .exclude(state=RoutedQuestion.State.OPEN)
            .select_related("question")
            .order_by("-closed_at", "-pk")[:INBOX_RECENT]
        ),
    }
