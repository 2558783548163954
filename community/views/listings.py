"""Listings: all questions (filtered and sorted), the tags and one tag's questions, and a member's
questions and answers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from community import queries
from community.models import Tag, TopicPage
from community.models.listing import listing_context
from hub.permissions import can_view_profile

User = get_user_model()


@require_GET
def question_list(request):
    context = listing_context(request)
    context["topics"] = TopicPage.objects.live().public().order_by("path")
    return render(request, "community/question_list.html", context)


@require_GET
def tag_list(request):
    tags = Tag.objects.filter(questions__is_public=True).distinct().order_by("name")
    return render(request, "community/tag_list.html", {"tags": tags})


@require_GET
def tag_detail(request, name: str):
    tag = get_object_or_404(Tag, name=name.lower())
    context = listing_context(request, tag=tag)
    context.update(tag=tag, following=queries.is_following(request.user, tag=tag))
    return render(request, "community/tag_detail.html", context)


@require_GET
def member_activity(request, username: str):
    member = get_object_or_404(User.objects.select_related("profile"), username=username)
    if not can_view_profile(request.user, member):
        raise Http404
    activity = queries.member_activity(member, request.user)
    return render(
        request,
        "community/member_activity.html",
        {
            "member": member,
            "questions": activity["questions"][:50],
            "answers": activity["answers"][:50],
        },
    )
