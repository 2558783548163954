"""One-click actions on a post from its thread: a helpful vote, accepting an answer, the brand's
official answer, a flag for the moderators and approving a post that waited. Each answers a
plain form post with a redirect to the post, or a small JSON reply when asked for one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.forms import FlagForm
from community.limits import RateLimited
from community.permissions import can_flag
from community.services.flags import flag_post
from community.services.moderation import approve_post
from community.services.votes import (
    accept_answer,
    mark_official,
    unaccept_answer,
    unmark_official,
    vote_helpful,
    withdraw_vote,
)
from community.views.lookups import find_target


def _back(request, post):
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def vote(request, pk: int, answer_id: int | None = None):
    _thread, post = find_target(request, pk, answer_id, None)
    if request.POST.get("action") == "withdraw":
        withdraw_vote(post, by=request.user)
        messages.success(request, _("Your vote is withdrawn."))
        return _back(request, post)
    try:
        vote_helpful(post, by=request.user)
    except RateLimited as limited:
        messages.error(request, limited.message)
    else:
        messages.success(request, _("Thank you: your vote tells others this helped."))
    return _back(request, post)


@login_required
@require_POST
def accept(request, pk: int, answer_id: int):
    question, answer = find_target(request, pk, answer_id, None)
    if request.POST.get("action") == "withdraw":
        unaccept_answer(question, by=request.user)
        messages.success(request, _("The answer is no longer marked as the solution."))
    else:
        accept_answer(answer, by=request.user)
        messages.success(request, _("You accepted this answer. Thank you for closing the loop!"))
    return _back(request, answer)


@login_required
@require_POST
def official(request, pk: int, answer_id: int):
    question, answer = find_target(request, pk, answer_id, None)
    if request.POST.get("action") == "withdraw":
        unmark_official(question, by=request.user)
        messages.success(request, _("The official answer mark is withdrawn."))
    else:
        mark_official(answer, by=request.user)
        messages.success(request, _("This answer is now the brand's official answer."))
    return _back(request, answer)


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, pk: int, answer_id: int | None = None, comment_id: int | None = None):
    question, post = find_target(request, pk, answer_id, comment_id)
    if not can_flag(request.user, post):
        raise PermissionDenied(_("You cannot flag this post."))
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _flag, created = flag_post(
            post,
            by=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        messages.success(
            request,
            _("Thank you: the moderators will look at this post.")
            if created
            else _("You already flagged this post; the moderators have it."),
        )
        return redirect(
            question.get_absolute_url() if post.is_public else "community:question-list"
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "community/post_flag.html",
        {"question": question, "post": post, "form": form},
        status=status,
    )


@login_required
@require_POST
def approve(request, pk: int, answer_id: int | None = None, comment_id: int | None = None):
    _thread, post = find_target(request, pk, answer_id, comment_id)
    approve_post(post, by=request.user)
    messages.success(request, _("The post is approved and published."))
    return _back(request, post)
