"""Public views of the experts app: applying, the expert's inbox, following an expert,
commenting on articles, and drafting an article from a thread. Thin: permission, form,
service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_comments import get_form
from django_comments_xtd.models import XtdComment

from community.limits import RateLimited
from community.models import Question
from community.permissions import can_moderate
from community.queries import get_question_for
from hub.permissions import can_post

from . import queries
from .forms import (
    ApplicationForm,
    OwnProfileForm,
    ReasonForm,
    ReassignForm,
    SectionChoiceForm,
    links_text,
)
from .models import ArticlePage, ExpertProfile, ExpertSectionPage, RoutedQuestion
from .permissions import (
    can_apply,
    can_turn_into_article,
    can_verify,
    can_work_route,
    profile_of,
    verified_expert,
)
from .services import article_comments, following, routing, sections, verification


def _data(request):
    return (request.POST, request.FILES) if request.method == "POST" else ()


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    profile = profile_of(request.user)
    if profile is not None and not can_apply(request.user):
        messages.info(request, _("You already have an expert profile."))
        return redirect(queries.profile_url(profile))
    if profile is not None:
        initial = {
            "real_name": profile.real_name,
            "job_title": profile.job_title,
            "department": profile.department,
            "bio": profile.bio,
            "motivation": profile.motivation,
            "links": links_text(profile.links),
            "topics": list(profile.topics.all()),
            "tags": " ".join(profile.tags.values_list("name", flat=True)),
        }
    else:
        initial = verification.prefill_for(request.user)
    form = ApplicationForm(*_data(request), initial=initial)
    evidence = verification.employee_evidence(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification.apply(
                request.user,
                real_name=data["real_name"],
                job_title=data["job_title"],
                department=data["department"],
                bio=data["bio"],
                motivation=data["motivation"],
                links=data["links"],
                topics=data["topics"],
                tags=data["tags"],
                photo=data["photo"] or None,
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you. The community manager will review your application and email you."),
            )
            return redirect("experts:apply")
    return render(
        request,
        "experts/apply.html",
        {
            "form": form,
            "profile": profile,
            "evidence": evidence,
            "can_post": can_post(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    """The expert's routed questions that still wait for an answer, soonest due first."""
    expert = verified_expert(request.user)
    if expert is None:
        raise Http404
    if request.method == "POST":
        away = request.POST.get("away") == "on"
        verification.set_away(expert, away=away, by=request.user)
        messages.success(
            request,
            _("You are marked as away: no new questions come to you.")
            if away
            else _("Welcome back: questions come to you again."),
        )
        return redirect("experts:inbox")
    return render(
        request,
        "experts/inbox.html",
        {"expert": expert, "now": timezone.now(), **queries.inbox(expert)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """A verified expert's own biography, links and photo."""
    expert = verified_expert(request.user)
    if expert is None:
        raise Http404
    initial = {"bio": expert.bio, "links": links_text(expert.links)}
    form = OwnProfileForm(*_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        verification.update_own_profile(
            expert,
            by=request.user,
            bio=data["bio"],
            links=data["links"],
            photo=data["photo"] or None,
        )
        messages.success(request, _("Your expert profile is saved."))
        return redirect(queries.profile_url(expert))
    return render(
        request,
        "experts/profile_edit.html",
        {"form": form, "expert": expert},
        status=400 if request.method == "POST" else 200,
    )


def _route_for(request, route_id: int) -> RoutedQuestion:
    route = (
        RoutedQuestion.objects.select_related("expert", "question__topic")
        .filter(pk=route_id)
        .first()
    )
    if route is None or not can_work_route(request.user, route):
        raise Http404
    return route


@login_required
@require_http_methods(["GET", "POST"])
def route_action(request, route_id: int):
    """Decline a routed question (it goes to the next expert) or give it to a colleague."""
    route = _route_for(request, route_id)
    decline_form = ReasonForm(request.POST if request.POST.get("action") == "decline" else None)
    reassign_form = ReassignForm(
        request.POST if request.POST.get("action") == "reassign" else None, exclude=route.expert_id
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decline" and decline_form.is_valid():
                nxt = routing.decline_route(
                    route, by=request.user, reason=decline_form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Declined. %(name)s has the question now.") % {"name": nxt.expert.real_name}
                    if nxt
                    else _(
                        "Declined. No other expert is available: the community team will see it."
                    ),
                )
                return redirect("experts:inbox")
            if request.POST.get("action") == "reassign" and reassign_form.is_valid():
                new = routing.reassign_route(
                    route,
                    by=request.user,
                    to=reassign_form.cleaned_data["expert"],
                    reason=reassign_form.cleaned_data["reason"],
                )
                messages.success(
                    request, _("%(name)s has the question now.") % {"name": new.expert.real_name}
                )
                return redirect("experts:inbox")
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("experts:inbox")
    return render(
        request,
        "experts/route_action.html",
        {"route": route, "decline_form": decline_form, "reassign_form": reassign_form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def follow(request, slug: str):
    expert = get_object_or_404(
        ExpertProfile.objects.filter(kind=ExpertProfile.Kind.EXPERT).exclude(
            state__in=(ExpertProfile.State.APPLIED, ExpertProfile.State.DECLINED)
        ),
        slug=slug,
    )
    if request.POST.get("action") == "unfollow":
        following.unfollow_expert(request.user, expert)
        messages.success(request, _("You no longer follow %(name)s.") % {"name": expert.real_name})
    else:
        try:
            following.follow_expert(request.user, expert)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You follow %(name)s.") % {"name": expert.real_name})
    return redirect(queries.profile_url(expert))


def _article(pk: int) -> ArticlePage:
    article = ArticlePage.objects.live().public().filter(pk=pk).select_related("author").first()
    if article is None:
        raise Http404
    return article


@login_required
@require_POST
def article_comment(request, pk: int):
    """A member's comment (or reply) on an article, through django-comments-xtd."""
    article = _article(pk)
    data = request.POST.copy()
    data["name"] = request.user.get_username()[:50]
    data["email"] = request.user.email or "member@invalid.example"
    data["url"] = ""
    form = get_form()(article, data=data)
    back = f"{article.url}#comments"
    if not form.is_valid():
        errors = form.errors.get("comment") or [
            _("The form expired or was changed. Reload the page and try again.")
        ]
        return _comment_error(request, article, " ".join(errors), data.get("comment", ""))
    try:
        comment = article_comments.post_article_comment(
            article, author=request.user, form=form, request=request
        )
    except article_comments.DuplicateComment as duplicate:
        comment = duplicate.comment
        if comment is None:
            return redirect(back)
    except RateLimited as limited:
        response = _comment_error(request, article, limited.message, data.get("comment", ""), 429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except PermissionDenied as error:
        return _comment_error(request, article, str(error), data.get("comment", ""), 403)
    except ValidationError as error:
        return _comment_error(request, article, " ".join(error.messages), data.get("comment", ""))
    if comment.is_public:
        messages.success(request, _("Your comment is published."))
    else:
        messages.info(
            request,
            _("Your comment waits for a moderator. Only you can see it until it is published."),
        )
    return HttpResponseRedirect(f"{article.url}#c{comment.pk}")


def _comment_error(request, article, message: str, text: str, status: int = 400):
    """The article again, with the reason and the text the member wrote (nothing is lost)."""
    context = article.get_context(request)
    context.update(comment_error=message, comment_text=text[:5000])
    return render(request, article.get_template(request), context, status=status)


@login_required
@require_POST
def comment_approve(request, pk: int):
    if not can_moderate(request.user):
        raise Http404
    comment = get_object_or_404(XtdComment, pk=pk)
    article_comments.approve_article_comment(comment, by=request.user)
    messages.success(request, _("The comment is published."))
    article = ArticlePage.objects.filter(pk=int(comment.object_pk)).first()
    return redirect(f"{article.url}#c{comment.pk}" if article else "/")


@login_required
@require_http_methods(["GET", "POST"])
def thread_to_article(request, pk: int):
    """Draft an article from a solved thread, in the expert's section, crediting its authors."""
    try:
        question = get_question_for(request.user, pk)
    except Question.DoesNotExist as missing:
        raise Http404 from missing
    if not can_turn_into_article(request.user, question):
        raise Http404
    own = verified_expert(request.user)
    chooser = SectionChoiceForm(request.POST or None) if can_verify(request.user) else None
    if request.method == "POST":
        expert = own
        if chooser is not None:
            expert = chooser.cleaned_data["expert"] if chooser.is_valid() else None
        section = ExpertSectionPage.objects.filter(expert=expert).first() if expert else None
        if section is not None:
            article = sections.thread_to_article(question, by=request.user, section=section)
            messages.success(request, _("The draft is ready. Edit it, then publish or submit it."))
            return redirect("wagtailadmin_pages:edit", article.pk)
        if chooser is not None and chooser.is_valid():
            chooser.add_error("expert", _("This expert has no section yet."))
    return render(
        request,
        "experts/thread_to_article.html",
        {"question": question, "chooser": chooser, "own": own},
    )
