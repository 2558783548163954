"""The public identity of brand voices, provided to the hub (hub/identity.py)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from hub.identity import Identity

from .models import ExpertProfile, ExpertSectionPage

SPEAKING = (
    ExpertProfile.State.VERIFIED,
    ExpertProfile.State.SUSPENDED,
    ExpertProfile.State.DEPARTED,
)


def page_path(url_path: str | None) -> str:
    """The public address of a page of the default site from its tree path."""
    if not url_path:
        return ""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return ""


def badge_for(profile: ExpertProfile) -> str:
    if profile.state == ExpertProfile.State.DEPARTED:
        return (
            _("Former expert") if profile.kind == ExpertProfile.Kind.EXPERT else _("Former staff")
        )
    if profile.kind == ExpertProfile.Kind.STAFF:
        return _("Community team")
    return _("Verified expert")


def identities(user_ids: list[int]) -> dict[int, Identity]:
    section = ExpertSectionPage.objects.filter(expert=OuterRef("pk")).order_by("pk")
    rows = (
        ExpertProfile.objects.filter(
            user_id__in=user_ids, state__in=SPEAKING, user__profile__anonymised_at__isnull=True
        )
        .annotate(section_path=Subquery(section.values("url_path")[:1]))
        .select_related("user")
        .only(
            "pk",
            "user_id",
            "user__username",
            "kind",
            "state",
            "real_name",
            "job_title",
            "department",
            "photo",
        )
    )
    found = {}
    for profile in rows:
        url = page_path(profile.section_path) or reverse(
            "hub:member-profile", args=[profile.user.username]
        )
        found[profile.user_id] = Identity(
            user_id=profile.user_id,
            name=profile.real_name,
            job_title=profile.job_title,
            department=profile.department,
            photo_url=profile.photo.url if profile.photo else "",
            url=url,
            badge=badge_for(profile),
            departed=profile.state == ExpertProfile.State.DEPARTED,
        )
    return found
