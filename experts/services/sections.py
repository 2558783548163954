"""The brand voice's sections and articles: the experts' group, each verified expert's section of
the site with the group that may edit only there and an image collection of their own, the
review workflow a section's articles may go through, and a solved thread drafted as an article.
Verification (in ``verification``) grants and revokes the voice through the helpers here."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from community.models import Question
from hub.roles import COMMUNITY_MANAGERS, EXPERTS

from ..models import ArticlePage, ExpertProfile, ExpertSectionPage, ExpertsIndexPage
from ..permissions import can_turn_into_article, can_verify, check_verify, profile_of

EXPERTS_GROUP = EXPERTS
REVIEWERS_GROUP = COMMUNITY_MANAGERS
REVIEW_WORKFLOW = "Expert article review"
SECTION_PERMISSIONS = ("add", "change", "publish")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


# --- the brand voice: groups, section, page permissions, review workflow -----------------------


def _experts_group() -> Group:
    group, _created = Group.objects.get_or_create(name=EXPERTS_GROUP)
    return group


def grant_voice(profile: ExpertProfile) -> None:
    """An expert speaks for the brand: the experts' group, and their section's group if any."""
    if profile.kind == ExpertProfile.Kind.EXPERT:
        profile.user.groups.add(_experts_group())
        if group := Group.objects.filter(name=_section_group_name(profile)).first():
            profile.user.groups.add(group)


def revoke_voice(profile: ExpertProfile) -> None:
    """An expert stops speaking for the brand: out of the experts' and their section's groups."""
    if profile.kind == ExpertProfile.Kind.EXPERT:
        profile.user.groups.remove(_experts_group())
        if group := Group.objects.filter(name=_section_group_name(profile)).first():
            profile.user.groups.remove(group)


def _section_group_name(profile: ExpertProfile) -> str:
    return f"Expert section: {profile.slug}"[:150]


def section_group(profile: ExpertProfile) -> Group:
    """The group that may edit the expert's section (and reach the admin to do so)."""
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
    group = section_group(profile)
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
    group = section_group(section.expert)
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
