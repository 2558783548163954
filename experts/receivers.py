"""What the experts app does when something happens elsewhere; connected in ExpertsConfig.ready()."""

from __future__ import annotations

import json

from allauth.account.signals import user_logged_in
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment
from django_comments_xtd.moderation import XtdCommentModerator, moderator
from wagtail.signals import page_published, page_unpublished

from community.models import Answer, Question
from community.reputation import events as reputation
from community.signals import post_created, post_published
from hub.identity import register_identity_provider
from hub.search import register_provider
from hub.signals import collect_member_export, member_anonymised
from hub.tasks import enqueue

from . import tasks
from .identity import identities
from .models import ArticlePage, ExpertProfile, ExpertSectionPage
from .permissions import profile_of
from .search import experts_section
from .services import article_comments, routing, verification


class ArticleCommentModerator(XtdCommentModerator):
    """Comments by new members wait for a moderator; comments on an article that closed them
    are refused."""

    enable_field = "allow_comments"

    def moderate(self, comment, content_object, request) -> bool:
        return article_comments.needs_moderation(comment.user)


def route_new_question(sender, post, pending: bool = False, **kwargs) -> None:
    if sender is Question and not pending:
        enqueue(tasks.route_question, post.pk)


def route_approved_question(sender, post, by=None, **kwargs) -> None:
    if sender is Question:
        enqueue(tasks.route_question, post.pk)


def close_routes(sender, post, pending: bool = False, **kwargs) -> None:
    if sender is Answer and post.is_public:
        routing.close_routes_for(post)


def invite_employee(sender, request, user, **kwargs) -> None:
    """An employee signing in (company email or SSO) is invited to apply as an expert."""
    if request is None or profile_of(user) is not None:
        return
    if verification.employee_evidence(user):
        messages.info(
            request,
            _("You signed in with a company account. Apply to answer as a verified expert: %(url)s")
            % {"url": reverse("experts:apply")},
        )


def forget_expert(sender, user_id: int, **kwargs) -> None:
    """A deleted account: the profile stops speaking (its posts show "Deleted member"); the
    name, title, photo, biography and links go, the articles stay in the section."""
    profile = ExpertProfile.objects.filter(user_id=user_id).first()
    if profile is None:
        return
    if profile.photo:
        profile.photo.delete(save=False)
    ExpertProfile.objects.filter(pk=profile.pk).update(
        state=ExpertProfile.State.DEPARTED,
        real_name="",
        job_title="",
        department="",
        photo="",
        bio="",
        links=[],
        motivation="",
        employee_evidence="",
        away=False,
    )
    # The section keeps the brand's articles; it no longer carries the person's name.
    ExpertSectionPage.objects.filter(expert=profile).update(
        title=_("Former expert"), draft_title=_("Former expert")
    )


def export_expert_data(sender, user, **kwargs) -> list[tuple[str, bytes]]:
    files = []
    profile = ExpertProfile.objects.filter(user=user).values(
        "real_name", "job_title", "department", "bio", "links", "state", "applied_at", "verified_at"
    )
    if profile:
        files.append(("expert_profile.json", _dump(list(profile))))
    comments = list(
        XtdComment.objects.filter(user=user).values(
            "object_pk", "comment", "submit_date", "is_public"
        )
    )
    if comments:
        files.append(("article_comments.json", _dump(comments)))
    return files


def _dump(rows) -> bytes:
    return json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def score_article(sender, instance, **kwargs) -> None:
    """A published article earns its expert the points the rules say (once per article)."""
    if instance.author_id:
        user_id = ExpertProfile.objects.filter(pk=instance.author_id).values_list(
            "user_id", flat=True
        )[0]
        reputation.article_published(user_id, instance)


def unscore_article(sender, instance, **kwargs) -> None:
    reputation.article_unpublished(instance)


def connect() -> None:
    page_published.connect(score_article, sender=ArticlePage, dispatch_uid="experts.score")
    page_unpublished.connect(unscore_article, sender=ArticlePage, dispatch_uid="experts.unscore")
    post_created.connect(route_new_question, dispatch_uid="experts.route_new")
    post_published.connect(route_approved_question, dispatch_uid="experts.route_approved")
    post_created.connect(close_routes, dispatch_uid="experts.close_routes")
    post_published.connect(close_routes, dispatch_uid="experts.close_routes_approved")
    user_logged_in.connect(invite_employee, dispatch_uid="experts.invite_employee")
    member_anonymised.connect(forget_expert, dispatch_uid="experts.forget")
    collect_member_export.connect(export_expert_data, dispatch_uid="experts.export")
    register_identity_provider(identities)
    register_provider(experts_section, page_types=(ArticlePage, ExpertSectionPage))
    if ArticlePage not in moderator._registry:
        moderator.register(ArticlePage, ArticleCommentModerator)
