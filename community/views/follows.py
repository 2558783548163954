"""Follows and notifications: following a question, a topic or a tag, the member's notifications
(opening one marks it read), and the signed unsubscribe link of every email.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import queries
from community.models import Question, Tag, TopicPage
from community.notify import read_unsubscribe_token
from community.services.follows import follow, mark_read, unfollow
from community.services.follows import unsubscribe as apply_unsubscribe
from community.views.lookups import find_question

User = get_user_model()
PER_PAGE = 20


@login_required
@require_POST
def follow_toggle(request, kind: str, key: str):
    if kind == "question":
        target = {"question": find_question(request, int(key)) if key.isdigit() else None}
    elif kind == "topic":
        topic = TopicPage.objects.live().public().filter(pk=int(key) if key.isdigit() else 0)
        target = {"topic": topic.first()}
    elif kind == "tag":
        target = {"tag": Tag.objects.filter(name=key.lower()).first()}
    else:
        raise Http404
    if next(iter(target.values())) is None:
        raise Http404
    if request.POST.get("action") == "unfollow":
        unfollow(request.user, **target)
        messages.success(request, _("You no longer follow this."))
    else:
        follow(request.user, **target)
        messages.success(request, _("You follow this now. We will let you know what happens."))
    thing = next(iter(target.values()))
    return redirect(thing.url if kind == "topic" else thing.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        mark_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("community:notifications")
    page_obj = Paginator(queries.notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    follows = queries.follows_of(request.user)
    return render(
        request,
        "community/notifications.html",
        {
            "page_obj": page_obj,
            "notifications": queries.with_actor_identities(page_obj.object_list),
            "follows": follows,
        },
    )


@login_required
@require_GET
def notification_open(request, notification_id: int):
    notification = get_object_or_404(queries.notifications_for(request.user), pk=notification_id)
    mark_read(request.user, ids=[notification.pk])
    return redirect(notification.get_absolute_url())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """A signed link from an email. GET asks for confirmation (link scanners must not
    unsubscribe anyone); POST, from that page or from the mail client's one-click button
    (RFC 8058), applies it. Exempt from CSRF: the signature is the proof."""
    found = read_unsubscribe_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    if user is None:
        return render(request, "community/unsubscribe.html", {"invalid": True}, status=400)
    scope = found[1]
    if request.method == "POST":
        done = apply_unsubscribe(user, scope=scope)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=204)
        return render(request, "community/unsubscribe.html", {"done": done})
    question = None
    if scope.startswith("question:"):
        question = Question.objects.filter(pk=int(scope[9:])).first()
    return render(request, "community/unsubscribe.html", {"scope": scope, "question": question})
