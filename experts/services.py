"""Writes of the experts app: applications and their decisions, sections, routing, departure,
article comments and thread-to-article. Each checks permission, changes state in one
transaction, sends a signal and leaves mail to tasks after the commit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd import views as xtd_views  # noqa: F401 (connects the library's posting receivers)
from django_comments_xtd.models import XtdComment
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from community import limits
from community.forms import strip_controls
from community.models import Answer, Question, Tag, TopicPage
from community.permissions import can_moderate
from hub.businesstime import add_business_hours
from hub.permissions import check_can_post
from hub.roles import COMMUNITY_MANAGERS, EXPERTS
from hub.tasks import enqueue

from . import notify, signals
from .comments import article_comments
from .models import (
    ArticlePage,
    ExpertFollow,
    ExpertProfile,
    ExpertSectionPage,
    ExpertsIndexPage,
    ProfileEvent,
    RoutedQuestion,
    TopicTeam,
)
from .models.profiles import RESERVED_SLUGS
from .models.reading import count_of
from .permissions import (
    can_turn_into_article,
    can_verify,
    check_apply,
    check_verify,
    check_work_route,
    profile_of,
)

State = ExpertProfile.State
EXPERTS_GROUP = EXPERTS
REVIEWERS_GROUP = COMMUNITY_MANAGERS
REVIEW_WORKFLOW = "Expert article review"
SECTION_PERMISSIONS = ("add", "change", "publish")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


# --- applications ------------------------------------------------------------------------------


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
    _grant_voice(profile)
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
    _revoke_voice(profile)
    _event(profile, ProfileEvent.Action.SUSPENDED, by, reason)
    for route in RoutedQuestion.objects.filter(expert=profile, state=RoutedQuestion.State.OPEN):
        _pass_on(route, state=RoutedQuestion.State.REASSIGNED, by=by, reason=reason)
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
    _revoke_voice(profile)
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
            _route(route.question, successor, via=RoutedQuestion.Via.SUCCESSOR, due_at=route.due_at)
        else:
            _pass_on(route, state=RoutedQuestion.State.REASSIGNED, by=by, reason=reason)
    if successor is not None:
        for section in ExpertSectionPage.objects.filter(expert=profile):
            if section.owner_id != successor.user_id:
                Page.objects.filter(pk=section.pk).update(owner=successor.user)
            group = _section_group(profile)
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


# --- the brand voice: groups, section, page permissions, review workflow -----------------------


def _experts_group() -> Group:
    group, _created = Group.objects.get_or_create(name=EXPERTS_GROUP)
    return group


def _grant_voice(profile: ExpertProfile) -> None:
    if profile.kind == ExpertProfile.Kind.EXPERT:
        profile.user.groups.add(_experts_group())
        if group := Group.objects.filter(name=_section_group_name(profile)).first():
            profile.user.groups.add(group)


def _revoke_voice(profile: ExpertProfile) -> None:
    if profile.kind == ExpertProfile.Kind.EXPERT:
        profile.user.groups.remove(_experts_group())
        if group := Group.objects.filter(name=_section_group_name(profile)).first():
            profile.user.groups.remove(group)


def _section_group_name(profile: ExpertProfile) -> str:
    return f"Expert section: {profile.slug}"[:150]


def _section_group(profile: ExpertProfile) -> Group:
    group, created = Group.objects.get_or_create(name=_section_group_name(profile))
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    return group


def experts_index() -> ExpertsIndexPage:
    """The directory page at /experts/, created under the site's home page when missing."""
    index = ExpertsIndexPage.objects.first()
    if index is None:
        root = Site.objects.get(is_default_site=True).root_page
        index = ExpertsIndexPage(title=_("Our experts"), slug="experts")
        root.add_child(instance=index)
        index.save_revision().publish()
    return index


def review_workflow() -> Workflow:
    """The review every article of a reviewed section goes through: the community manager
    approves it before it is published."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW, active=True)
        task = GroupApprovalTask.objects.create(name=_("Community manager review"))
        reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def ensure_section(profile: ExpertProfile) -> ExpertSectionPage:
    """The expert's own section of the site, the group that may edit only there, and an image
    collection of their own; created once, on verification."""
    section = ExpertSectionPage.objects.filter(expert=profile).first()
    if section is None:
        index = experts_index()
        section = ExpertSectionPage(
            title=profile.real_name, slug=profile.slug, expert=profile, owner=profile.user
        )
        index.add_child(instance=section)
        section.save_revision(user=profile.verified_by).publish()
    group = _section_group(profile)
    profile.user.groups.add(group)
    # The community manager reviews and publishes articles in every section.
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    for permission_type in SECTION_PERMISSIONS:
        if not GroupPagePermission.objects.filter(
            group=reviewers,
            page=section.get_parent(),
            permission__codename=f"{permission_type}_page",
        ).exists():
            GroupPagePermission.objects.create(
                group=reviewers, page=section.get_parent(), permission_type=permission_type
            )
    collection = Collection.objects.filter(name=_section_group_name(profile)).first()
    if collection is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.add_child(name=_section_group_name(profile))
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    sync_review(section)
    return section


def sync_review(section: ExpertSectionPage) -> None:
    """Articles of a reviewed section go through the review workflow (the expert may submit,
    not publish); the others are published by the expert directly."""
    review = section.expert.review_articles
    group = _section_group(section.expert)
    wanted = {"add", "change"} | (set() if review else {"publish"})
    for permission_type in SECTION_PERMISSIONS:
        existing = GroupPagePermission.objects.filter(
            group=group, page=section, permission__codename=f"{permission_type}_page"
        )
        if permission_type in wanted and not existing.exists():
            GroupPagePermission.objects.create(
                group=group, page=section, permission_type=permission_type
            )
        elif permission_type not in wanted:
            existing.delete()
    if review:
        WorkflowPage.objects.update_or_create(
            page=section, defaults={"workflow": review_workflow()}
        )
    else:
        WorkflowPage.objects.filter(page=section).delete()


@transaction.atomic
def set_review(profile: ExpertProfile, *, required: bool, by) -> None:
    check_verify(by, profile)
    ExpertProfile.objects.filter(pk=profile.pk).update(review_articles=required)
    profile.review_articles = required
    for section in ExpertSectionPage.objects.filter(expert=profile):
        section.expert = profile
        sync_review(section)


# --- routing -----------------------------------------------------------------------------------


def _open_load():
    return count_of(
        RoutedQuestion.objects.filter(expert=OuterRef("pk"), state=RoutedQuestion.State.OPEN),
        "expert",
    )


def available_experts(question: Question, *, exclude: Iterable[int] = ()):
    """Verified experts who can take a question now, least loaded first."""
    return (
        ExpertProfile.objects.filter(
            kind=ExpertProfile.Kind.EXPERT, state=State.VERIFIED, away=False, user__is_active=True
        )
        .exclude(pk__in=list(exclude))
        .exclude(user_id=question.author_id)
        .annotate(load=_open_load())
        .order_by("load", "pk")
    )


def _candidates(question: Question, exclude: Iterable[int]) -> tuple[list[ExpertProfile], str]:
    tag_ids = list(question.tags.values_list("pk", flat=True))
    wanted = settings.AGORA_ROUTE_TO_EXPERTS
    pool = available_experts(question, exclude=exclude)
    matched = pool.filter(
        pk__in=ExpertProfile.objects.filter(
            Q(topics=question.topic_id) | Q(tags__in=tag_ids)
        ).values("pk")
    )
    chosen = list(matched[:wanted])
    if chosen:
        return chosen, RoutedQuestion.Via.AREA
    team = pool.filter(teams__topic_id=question.topic_id)
    return list(team[:wanted]), RoutedQuestion.Via.TEAM


def _route(question: Question, expert: ExpertProfile, *, via: str, due_at=None) -> RoutedQuestion:
    now = timezone.now()
    route = RoutedQuestion.objects.create(
        question=question,
        expert=expert,
        via=via,
        due_at=due_at or add_business_hours(now, settings.AGORA_RESPONSE_TARGET_HOURS),
    )
    signals.question_routed.send(RoutedQuestion, route=route)
    enqueue(notify.notify_routed, route.pk)
    return route


@transaction.atomic
def route_question(question: Question) -> list[RoutedQuestion]:
    """Put a newly published question in the inbox of the experts whose areas match its topic
    or tags, least loaded first, skipping those away; else in the topic's default team's.
    Safe to call twice: a question already routed is left alone."""
    if not question.is_public or RoutedQuestion.objects.filter(question=question).exists():
        return []
    if question.by_brand:
        return []  # the brand asking itself needs no routing
    experts, via = _candidates(question, exclude=())
    return [_route(question, expert, via=via) for expert in experts]


@transaction.atomic
def route_to_fallback(question: Question, *, due_at) -> list[RoutedQuestion]:
    """The question's response clock is running out: add the topic's default team (those
    who do not have it yet), keeping the question's due time."""
    if not question.is_public:
        return []
    had = RoutedQuestion.objects.filter(question=question).values_list("expert_id", flat=True)
    team = available_experts(question, exclude=list(had)).filter(teams__topic_id=question.topic_id)
    return [
        _route(question, expert, via=RoutedQuestion.Via.TEAM, due_at=due_at)
        for expert in team[: settings.AGORA_ROUTE_TO_EXPERTS]
    ]


def _pass_on(route: RoutedQuestion, *, state: str, by, reason: str) -> RoutedQuestion | None:
    """Close a route and give the question to the next available expert who has not had it."""
    RoutedQuestion.objects.filter(pk=route.pk).update(
        state=state, closed_at=timezone.now(), closed_by=by, reason=reason
    )
    question = route.question
    if question.has_brand_answer or not question.is_public:
        return None
    had = RoutedQuestion.objects.filter(question=question).values_list("expert_id", flat=True)
    experts, via = _candidates(question, exclude=had)
    if not experts:
        return None
    return _route(question, experts[0], via=via, due_at=route.due_at)


@transaction.atomic
def decline_route(route: RoutedQuestion, *, by, reason: str) -> RoutedQuestion | None:
    """The expert cannot take this question: it goes to the next expert who can."""
    route = (
        RoutedQuestion.objects.select_for_update()
        .select_related("expert", "question")
        .get(pk=route.pk)
    )
    check_work_route(by, route)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why, so the next expert knows."))
    return _pass_on(route, state=RoutedQuestion.State.DECLINED, by=by, reason=reason)


@transaction.atomic
def reassign_route(
    route: RoutedQuestion, *, by, to: ExpertProfile, reason: str = ""
) -> RoutedQuestion:
    route = (
        RoutedQuestion.objects.select_for_update()
        .select_related("expert", "question")
        .get(pk=route.pk)
    )
    check_work_route(by, route)
    if not (to.is_verified and to.kind == ExpertProfile.Kind.EXPERT) or to.pk == route.expert_id:
        raise ValidationError(_("Choose another verified expert."))
    if RoutedQuestion.objects.filter(
        question_id=route.question_id, expert=to, state=RoutedQuestion.State.OPEN
    ).exists():
        raise ValidationError(_("This expert already has the question."))
    RoutedQuestion.objects.filter(pk=route.pk).update(
        state=RoutedQuestion.State.REASSIGNED,
        closed_at=timezone.now(),
        closed_by=by,
        reason=(reason or "").strip(),
    )
    return _route(route.question, to, via=RoutedQuestion.Via.REASSIGNED, due_at=route.due_at)


def close_routes_for(answer: Answer) -> None:
    """An answer was published: the routed expert who wrote it has answered; when any brand
    voice answered, the question leaves the other experts' inboxes too."""
    if not answer.is_public:
        return
    now = timezone.now()
    open_routes = RoutedQuestion.objects.filter(
        question_id=answer.question_id, state=RoutedQuestion.State.OPEN
    )
    open_routes.filter(expert__user_id=answer.author_id).update(
        state=RoutedQuestion.State.ANSWERED, closed_at=now
    )
    if answer.by_brand:
        open_routes.update(state=RoutedQuestion.State.CLOSED, closed_at=now)


# --- following an expert -----------------------------------------------------------------------


def follow_expert(user, expert: ExpertProfile) -> bool:
    check_can_post(user)
    _follow, created = ExpertFollow.objects.get_or_create(user=user, expert=expert)
    return created


def unfollow_expert(user, expert: ExpertProfile) -> bool:
    return ExpertFollow.objects.filter(user=user, expert=expert).delete()[0] > 0


# --- article comments (django-comments-xtd) ---------------------------------------------------


class DuplicateComment(Exception):
    def __init__(self, comment: XtdComment | None):
        super().__init__("duplicate comment")
        self.comment = comment


def _check_comment_pace(author) -> None:
    """Article comments keep the same pace as every other post of the member."""
    applying = limits.limits_for(author)
    if applying:
        limits.hold_member(author)
        last = (
            XtdComment.objects.filter(user=author)
            .order_by("-submit_date")
            .values_list("submit_date", flat=True)
            .first()
        )
        limits.check_pace(last, applying["seconds_between_posts"])


def post_article_comment(article: ArticlePage, *, author, form, request) -> XtdComment:
    """Store a member's comment through django-comments-xtd (its moderation hooks decide
    whether it waits for a moderator). The same text sent twice within a minute is stored
    once: DuplicateComment carries the first one."""
    check_can_post(author)
    if not article.allow_comments or not article.live:
        raise PermissionDenied(_("Comments are closed on this article."))
    text = strip_controls(form.cleaned_data["comment"]).strip()
    if len(text) < 2:
        raise ValidationError(_("Write a little more."))
    if len(text) > settings.AGORA_MAX_COMMENT_CHARS:
        raise ValidationError(
            _("Keep comments under %(n)d characters.") % {"n": settings.AGORA_MAX_COMMENT_CHARS}
        )
    key = (
        "experts:comment:"
        + hashlib.blake2s(f"{author.pk}:{article.pk}:{text}".encode(), digest_size=12).hexdigest()
    )
    recent = (
        article_comments(article)
        .filter(user=author, comment=text, submit_date__gte=timezone.now() - timedelta(minutes=1))
        .first()
    )
    if recent is not None or cache.add(key, 1, 60) is False:
        raise DuplicateComment(recent)
    # The pace check and the save are one transaction holding the member's row: parallel
    # comments are checked one after the other, each seeing the one saved before it.
    with transaction.atomic():
        _check_comment_pace(author)
        comment = form.get_comment_object(site_id=settings.SITE_ID)
        comment.comment = text
        comment.user = author
        comment.user_name = author.get_username()[:50]
        comment.user_email = author.email
        comment.ip_address = None  # not kept: the hub does not store members' addresses
        comment.followup = False  # replies are told by the hub's own mail, through Celery
        for _receiver, response in comment_will_be_posted.send(
            sender=comment.__class__, comment=comment, request=request
        ):
            if response is False:
                raise PermissionDenied(_("This comment cannot be posted."))
        comment.save()
        comment_was_posted.send(sender=comment.__class__, comment=comment, request=request)
    stored = comment.xtd_comment
    if stored is None:
        raise PermissionDenied(_("This comment cannot be posted."))
    signals.article_comment_posted.send(
        XtdComment, comment=stored, article=article, pending=not stored.is_public
    )
    enqueue(notify.notify_article_comment, stored.pk)
    return stored


def needs_moderation(user) -> bool:
    """Comments by new members wait for a moderator, like their first posts."""
    return limits.waits_for_moderation(user)


@transaction.atomic
def approve_article_comment(comment: XtdComment, *, by) -> XtdComment:
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can approve comments."))
    # The library's manager joins users and content types; lock the comment row alone.
    comment = XtdComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    if comment.is_public:
        return comment
    comment.is_public = True
    comment.save()
    enqueue(notify.notify_article_comment, comment.pk)
    signals.article_comment_moderated.send(XtdComment, comment=comment, by=by, approved=True)
    return comment


@transaction.atomic
def reject_article_comment(comment: XtdComment, *, by) -> bool:
    """Remove a comment from an article (the library keeps the row, flagged as removed, so
    replies keep their place). False when it was removed already."""
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can remove comments."))
    comment = XtdComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    if comment.is_removed:
        return False
    comment.is_removed = True
    comment.is_public = False
    comment.save()
    signals.article_comment_moderated.send(XtdComment, comment=comment, by=by, approved=False)
    return True


# --- thread to article -------------------------------------------------------------------------


def _credit_line(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile else user.get_username()


@transaction.atomic
def thread_to_article(question: Question, *, by, section: ExpertSectionPage) -> ArticlePage:
    """Draft an article in an expert's section from a solved thread: the question and its best
    answers, each quoted with its author credited and linked. Nothing is published: the expert
    or the community manager edits the draft in the admin."""
    if not can_turn_into_article(by, question):
        raise PermissionDenied(_("Only a solved public thread can become an article."))
    if not can_verify(by) and section.expert.user_id != by.pk:
        raise PermissionDenied(_("You can draft articles only in your own section."))
    chosen = [a for a in (question.official_answer, question.accepted_answer) if a is not None]
    chosen = list(dict.fromkeys(chosen))
    thread_url = question.get_absolute_url()
    body = [
        {
            "type": "text",
            "value": "<p>{}</p>".format(
                _("This article grew out of a community thread: %(link)s")
                % {"link": f'<a href="{thread_url}">{escape(question.title)}</a>'}
            ),
        },
        {
            "type": "quote",
            "value": {
                "text": question.body_text[:3000],
                "attribution": _credit_line(question.author) if question.author else "",
                "link": thread_url,
            },
        },
    ]
    for answer in chosen:
        body.append(
            {
                "type": "quote",
                "value": {
                    "text": answer.body_text[:3000],
                    "attribution": _credit_line(answer.author) if answer.author else "",
                    "link": f"{thread_url}#answer-{answer.pk}",
                },
            }
        )
    article = ArticlePage(
        title=question.title[:255],
        intro=_("From the community: %(title)s") % {"title": question.title[:200]},
        body=body,
        source_question=question,
        owner=by,
        live=False,
    )
    article.author = section.expert if section.expert.is_verified else profile_of(by)
    article.credited = [
        p.author for p in dict.fromkeys((question, *chosen)) if p.author is not None
    ]
    section.add_child(instance=article)
    article.save_revision(user=by)
    return article
