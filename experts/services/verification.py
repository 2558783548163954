"""Verification of experts: a member's application, the community manager's decisions on it
(verify, decline, suspend), an expert's departure with the successor who takes over their
questions, section and followers, and what a verified expert keeps up to date themselves (their
profile, being away). Granting the brand voice and the section is in ``sections``; handing open
questions on is in ``routing``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from community.models import Tag, TopicPage
from hub.tasks import enqueue

from .. import notify, signals
from ..models import ExpertProfile, ExpertSectionPage, ProfileEvent, RoutedQuestion, TopicTeam
from ..models.profiles import RESERVED_SLUGS
from ..permissions import check_apply, check_verify
from .routing import add_route, pass_on
from .sections import ensure_section, grant_voice, revoke_voice, section_group

State = ExpertProfile.State


def employee_evidence(user) -> str:
    """How a member showed they work for the company: a verified company email address, or a
    sign-in through the company's SSO provider. Empty for everyone else."""
    domains = settings.AGORA_COMPANY_EMAIL_DOMAINS
    if domains:
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        ):
            domain = email.rsplit("@", 1)[-1].lower()
            if domain in domains:
                return _("Verified company email address (%(domain)s)") % {"domain": domain}
    provider = settings.AGORA_COMPANY_SSO_PROVIDER
    if provider and SocialAccount.objects.filter(user=user, provider=provider).exists():
        return _("Signed in with the company account")
    return ""


def prefill_for(user) -> dict:
    """What the application form starts with for an employee: the name and job details their
    company account gives (OpenID Connect claims), otherwise their profile name."""
    initial = {"real_name": user.get_full_name() or ""}
    account = SocialAccount.objects.filter(
        user=user, provider=settings.AGORA_COMPANY_SSO_PROVIDER
    ).first()
    claims = account.extra_data if account and isinstance(account.extra_data, dict) else {}
    claims = claims.get("userinfo", claims) if isinstance(claims.get("userinfo"), dict) else claims
    for field, keys in {
        "real_name": ("name",),
        "job_title": ("job_title", "jobTitle", "title"),
        "department": ("department",),
    }.items():
        for key in keys:
            value = claims.get(key)
            if isinstance(value, str) and value.strip():
                initial[field] = value.strip()[:120]
                break
    return initial


def unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:60] or "expert"
    if base in RESERVED_SLUGS:
        base = f"{base}-expert"
    slug, n = base, 2
    while (
        ExpertProfile.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()
        or Page.objects.filter(slug=slug, depth__gte=3).type(ExpertSectionPage).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _event(profile: ExpertProfile, action: str, by, reason: str = "") -> None:
    ProfileEvent.objects.create(profile=profile, action=action, by=by, reason=reason)


@transaction.atomic
def apply(
    user,
    *,
    real_name: str,
    job_title: str,
    department: str = "",
    bio: str = "",
    motivation: str = "",
    links: Sequence[dict] = (),
    topics: Iterable[TopicPage] = (),
    tags: Iterable[Tag] = (),
    photo: ContentFile | None = None,
) -> ExpertProfile:
    """A member applies to become a verified expert (or updates a pending or declined
    application). The community manager decides in the admin."""
    check_apply(user)
    profile = ExpertProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = ExpertProfile(user=user)
    profile.real_name = real_name
    profile.job_title = job_title
    profile.department = department
    profile.bio = bio
    profile.motivation = motivation
    profile.links = list(links)
    profile.state = State.APPLIED
    profile.kind = ExpertProfile.Kind.EXPERT
    profile.employee_evidence = employee_evidence(user)
    profile.applied_at = timezone.now()
    if not profile.slug:
        profile.slug = unique_slug(real_name)
    if photo is not None:
        profile.photo = photo
    profile.save()
    profile.topics.set(list(topics))
    profile.tags.set(list(tags))
    user._agora_expert_profile = profile
    _event(profile, ProfileEvent.Action.APPLIED, user)
    signals.expert_applied.send(ExpertProfile, profile=profile)
    enqueue(notify.notify_application, profile.pk)
    return profile


def _locked(profile: ExpertProfile) -> ExpertProfile:
    return ExpertProfile.objects.select_for_update().get(pk=profile.pk)


@transaction.atomic
def verify(profile: ExpertProfile, *, by) -> ExpertProfile:
    """The community manager verifies an application (or reinstates a suspended expert): the
    person speaks for the brand from now on, with their section of the site."""
    check_verify(by, profile)
    profile = _locked(profile)
    if profile.state not in (State.APPLIED, State.DECLINED, State.SUSPENDED):
        raise ValidationError(_("Only an application or a suspended expert can be verified."))
    reinstated = profile.state == State.SUSPENDED
    profile.state = State.VERIFIED
    profile.decided_at = profile.verified_at = timezone.now()
    profile.decided_by = profile.verified_by = by
    profile.decision_reason = ""
    profile.save()
    grant_voice(profile)
    if profile.kind == ExpertProfile.Kind.EXPERT:
        ensure_section(profile)
    _event(
        profile, ProfileEvent.Action.REINSTATED if reinstated else ProfileEvent.Action.VERIFIED, by
    )
    signals.expert_verified.send(ExpertProfile, profile=profile, by=by)
    enqueue(notify.notify_decision, profile.pk, "verified")
    return profile


def _decide(
    profile: ExpertProfile, *, by, to: str, reason: str, why: str, only_from: str, refused: str
):
    """A decision that needs a reason (``why`` asks for it) and a given starting state."""
    check_verify(by, profile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(why)
    profile = _locked(profile)
    if profile.state != only_from:
        raise ValidationError(refused)
    profile.state = to
    profile.decided_at, profile.decided_by, profile.decision_reason = timezone.now(), by, reason
    profile.save()
    return profile


@transaction.atomic
def decline(profile: ExpertProfile, *, by, reason: str) -> ExpertProfile:
    """The community manager declines an application; the applicant is told why."""
    profile = _decide(
        profile,
        by=by,
        to=State.DECLINED,
        reason=reason,
        why=_("Say why, so the applicant knows what to do next."),
        only_from=State.APPLIED,
        refused=_("Only a pending application can be declined."),
    )
    reason = profile.decision_reason
    _event(profile, ProfileEvent.Action.DECLINED, by, reason)
    signals.expert_declined.send(ExpertProfile, profile=profile, by=by, reason=reason)
    enqueue(notify.notify_decision, profile.pk, "declined")
    return profile


@transaction.atomic
def suspend(profile: ExpertProfile, *, by, reason: str) -> ExpertProfile:
    """Stop an expert speaking for the brand for now; their open questions go to others."""
    profile = _decide(
        profile,
        by=by,
        to=State.SUSPENDED,
        reason=reason,
        why=_("Say why the expert is suspended."),
        only_from=State.VERIFIED,
        refused=_("Only a verified expert can be suspended."),
    )
    reason = profile.decision_reason
    revoke_voice(profile)
    _event(profile, ProfileEvent.Action.SUSPENDED, by, reason)
    for route in RoutedQuestion.objects.filter(expert=profile, state=RoutedQuestion.State.OPEN):
        pass_on(route, state=RoutedQuestion.State.REASSIGNED, by=by, reason=reason)
    return profile


@transaction.atomic
def depart(
    profile: ExpertProfile, *, by, successor: ExpertProfile | None, reason: str = ""
) -> ExpertProfile:
    """An expert leaves the company. What they wrote stays theirs; their open questions and
    their section go to the successor; the members who followed them are told who takes over."""
    check_verify(by, profile)
    profile = _locked(profile)
    if profile.state not in (State.VERIFIED, State.SUSPENDED):
        raise ValidationError(_("Only a verified or suspended expert can be marked as departed."))
    if successor is not None:
        if successor.pk == profile.pk:
            raise ValidationError(_("An expert cannot succeed themselves."))
        if not (successor.is_verified and successor.kind == ExpertProfile.Kind.EXPERT):
            raise ValidationError(_("The successor must be a verified expert."))
    profile.state = State.DEPARTED
    profile.departed_at = profile.decided_at = timezone.now()
    profile.decided_by, profile.successor = by, successor
    profile.decision_reason = reason
    profile.away = False
    profile.save()
    revoke_voice(profile)
    _event(profile, ProfileEvent.Action.DEPARTED, by, reason)
    now = timezone.now()
    for route in RoutedQuestion.objects.filter(expert=profile, state=RoutedQuestion.State.OPEN):
        if (
            successor is not None
            and not RoutedQuestion.objects.filter(
                question_id=route.question_id, expert=successor, state=RoutedQuestion.State.OPEN
            ).exists()
        ):
            RoutedQuestion.objects.filter(pk=route.pk).update(
                state=RoutedQuestion.State.REASSIGNED, closed_at=now, closed_by=by, reason=reason
            )
            add_route(
                route.question, successor, via=RoutedQuestion.Via.SUCCESSOR, due_at=route.due_at
            )
        else:
            pass_on(route, state=RoutedQuestion.State.REASSIGNED, by=by, reason=reason)
    if successor is not None:
        for section in ExpertSectionPage.objects.filter(expert=profile):
            if section.owner_id != successor.user_id:
                Page.objects.filter(pk=section.pk).update(owner=successor.user)
            group = section_group(profile)
            successor.user.groups.add(group)
        for team in TopicTeam.objects.filter(experts=profile):
            team.experts.add(successor)
    signals.expert_departed.send(ExpertProfile, profile=profile, successor=successor, by=by)
    enqueue(notify.notify_departure, profile.pk)
    return profile


@transaction.atomic
def update_own_profile(
    profile: ExpertProfile, *, by, bio: str, links: Sequence[dict], photo: ContentFile | None = None
) -> ExpertProfile:
    """A verified expert keeps their biography, links and photo up to date. Their name, title
    and areas are the community manager's to change (they are what was verified)."""
    if by.pk != profile.user_id or profile.state != State.VERIFIED:
        raise PermissionDenied(_("Only the expert can change their profile."))
    profile.bio, profile.links = bio, list(links)
    if photo is not None:
        profile.photo = photo
    profile.save(update_fields=["bio", "links", "photo", "updated_at"])
    return profile


@transaction.atomic
def set_away(profile: ExpertProfile, *, away: bool, by) -> ExpertProfile:
    if by.pk != profile.user_id:
        check_verify(by, profile)
    ExpertProfile.objects.filter(pk=profile.pk).update(away=away)
    profile.away = away
    return profile
