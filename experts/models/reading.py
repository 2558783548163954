"""What the experts' pages show: the directory, an expert's profile with their figures, an
article with its comments. Each runs a fixed number of queries whatever the amount of content."""

from __future__ import annotations

import statistics
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from community.models import Answer, Question, TopicPage
from community.permissions import can_moderate
from hub.identity import identities_for

from .. import comments
from .profiles import ExpertFollow, ExpertProfile
from .routing import RoutedQuestion

DIRECTORY_PER_PAGE = 24


def count_of(rows, group_by: str):
    """A correlated count of ``rows`` (filtered on an OuterRef), 0 when there are none."""
    counted = rows.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _answer_count():
    return count_of(
        Answer.objects.filter(author_id=OuterRef("user_id"), is_public=True), "author_id"
    )


def directory_context(request) -> dict:
    """Verified experts, filtered by topic or by words of their name, title or department."""
    experts = ExpertProfile.objects.filter(
        kind=ExpertProfile.Kind.EXPERT, state=ExpertProfile.State.VERIFIED
    )
    topic = None
    topic_id = request.GET.get("topic", "")
    if topic_id.isdigit() and int(topic_id) < 2**31:
        topic = TopicPage.objects.live().filter(pk=int(topic_id)).first()
        if topic is not None:
            experts = experts.filter(topics=topic)
    words = (request.GET.get("q") or "").strip()[:100]
    for word in words.split()[:6]:
        experts = experts.filter(
            Q(real_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(department__icontains=word)
        )
    experts = experts.annotate(answer_count=_answer_count()).prefetch_related("topics")
    page = Paginator(experts.order_by("real_name", "pk"), DIRECTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    identities = identities_for(e.user_id for e in page.object_list)
    for expert in page.object_list:
        expert.identity = identities.get(expert.user_id)
    return {
        "experts": page,
        "page_obj": page,
        "topics": TopicPage.objects.live().public().order_by("title").only("pk", "title"),
        "current_topic": topic,
        "query": words,
    }


def median_first_answer(expert: ExpertProfile) -> timedelta | None:
    """How long this expert takes, in the middle case, to answer a question routed to them."""
    waits = [
        closed - routed
        for routed, closed in RoutedQuestion.objects.filter(
            expert=expert, state=RoutedQuestion.State.ANSWERED, closed_at__isnull=False
        ).values_list("routed_at", "closed_at")
    ]
    return statistics.median(waits) if waits else None


def expert_figures(expert: ExpertProfile) -> dict:
    user_id = expert.user_id
    return {
        "answers": Answer.objects.filter(author_id=user_id, is_public=True).count(),
        "accepted": Question.objects.filter(
            is_public=True, accepted_answer__author_id=user_id
        ).count(),
        "official": Question.objects.filter(
            is_public=True, official_answer__author_id=user_id
        ).count(),
        "median_first_answer": median_first_answer(expert),
    }


def expert_context(request, expert: ExpertProfile) -> dict:
    user = request.user
    recent = (
        Answer.objects.filter(author_id=expert.user_id, is_public=True, question__is_public=True)
        .select_related("question")
        .only("pk", "created_at", "question__id", "question__title", "question__slug")
        .order_by("-created_at")[:5]
    )
    return {
        "expert": expert,
        "identity": identities_for([expert.user_id]).get(expert.user_id),
        "figures": expert_figures(expert),
        "recent_answers": recent,
        "expertise_topics": list(expert.topics.live().only("pk", "title", "url_path")),
        "expertise_tags": list(expert.tags.only("pk", "name")),
        "following_expert": user.is_authenticated
        and ExpertFollow.objects.filter(user=user, expert=expert).exists(),
        "successor": (
            ExpertProfile.objects.filter(pk=expert.successor_id).first()
            if expert.successor_id
            else None
        ),
    }


def article_context(request, article) -> dict:
    moderator = can_moderate(request.user)
    thread = comments.comments_for(article, request.user, moderator=moderator)
    return {
        "identity": identities_for([article.author.user_id]).get(article.author.user_id),
        "credits": list(article.credited.select_related("profile").order_by("pk")),
        "comments_html": comments.comments_html(request, article, thread, moderator=moderator),
        "comment_count": sum(1 for c in thread if c.is_public and not c.is_removed),
        "comment_security": comments.security_fields(comments.comment_form(article)),
        "comment_max": settings.AGORA_MAX_COMMENT_CHARS,
        "can_moderate": moderator,
    }


def author_for(article) -> ExpertProfile:
    """Who an article is by: the verified expert who writes it, or else the owner of the section
    it is in (when the community manager drafts it for them)."""
    if article.owner_id:
        own = ExpertProfile.objects.filter(
            user_id=article.owner_id,
            kind=ExpertProfile.Kind.EXPERT,
            state=ExpertProfile.State.VERIFIED,
        ).first()
        if own is not None:
            return own
    return article.get_parent().specific.expert
