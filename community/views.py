"""Views of the community: permission → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.permissions import can_post, can_view_profile

from . import queries, rendering
from .forms import AnswerForm, CommentForm, FlagForm, QuestionForm, TagsForm
from .limits import RateLimited
from .markdown import render as render_markdown
from .models import Answer, Comment, PostRevision, Question, Tag, TopicPage
from .models.listing import listing_context
from .notify import read_unsubscribe_token
from .permissions import (
    can_accept,
    can_edit_post,
    can_flag,
    can_mark_official,
    can_moderate,
    can_view_points,
    can_view_post,
    check_edit_tags,
    is_brand_voice,
)
from .reputation import boards, ledger, levels
from .search import get_engine
from .services.editing import delete_post, edit_post, retag_question
from .services.flags import flag_post
from .services.follows import follow, mark_read, unfollow
from .services.follows import unsubscribe as apply_unsubscribe
from .services.moderation import approve_post
from .services.posting import ask_question, post_answer, post_comment
from .services.votes import (
    accept_answer,
    mark_official,
    unaccept_answer,
    unmark_official,
    vote_helpful,
    withdraw_vote,
)

User = get_user_model()
PER_PAGE = 20


# --- helpers -----------------------------------------------------------------------------------


class Merged(Exception):
    def __init__(self, into: Question):
        self.into = into


def _question(request, pk: int) -> Question:
    try:
        return queries.get_question_for(request.user, pk)
    except Question.DoesNotExist:
        into = queries.merged_into(pk)
        if into is not None:
            raise Merged(into) from None
        raise Http404 from None


def _answer(request, question: Question, answer_id: int) -> Answer:
    answer = (
        Answer.objects.select_related("author__profile")
        .filter(pk=answer_id, question=question)
        .first()
    )
    if answer is None or not can_view_post(request.user, answer):
        raise Http404
    answer.question = question
    return answer


def _comment(request, question: Question, comment_id: int) -> Comment:
    comment = Comment.objects.filter(pk=comment_id, question=question).first()
    if comment is None or not can_view_post(request.user, comment):
        raise Http404
    comment.question = question
    return comment


def _post_data(request):
    """The submitted form, or None when the request is larger than the hub accepts (the
    member gets a clear message instead of an error page)."""
    try:
        return request.POST, request.FILES
    except RequestDataTooBig:
        return None


def _too_big(request, form_class, template, context, form_name="form", **form_kwargs):
    form = form_class(**form_kwargs)
    # Nothing of what was sent could be read: the form carries only this message.
    form._errors, form.cleaned_data = ErrorDict(), {}
    form.add_error(
        None,
        _("What you sent is too large. Shorten the text or send a smaller image and try again."),
    )
    return render(request, template, {**context, form_name: form}, status=413)


def _respond(request, post, message: str):
    messages.success(request, message)
    return redirect(post.get_absolute_url())


def _pending_message(post) -> str:
    if not post.is_pending:
        return ""
    if getattr(post, "held_for", None) == ["new_member"]:
        return _(
            "Thank you! Your post is saved and waits for a moderator, as every first post does. "
            "You will be notified when it is published."
        )
    return _(
        "Thank you! Your post is saved and waits for a moderator before it is published. "
        "You will be notified when it is."
    )


# --- listings ----------------------------------------------------------------------------------


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


# --- a thread ----------------------------------------------------------------------------------


@require_GET
def question_detail(request, pk: int, slug: str = ""):
    try:
        question = _question(request, pk)
    except Merged as merged:
        return redirect(merged.into.get_absolute_url(), permanent=True)
    if slug != question.slug:
        return redirect(question.get_absolute_url(), permanent=True)
    order = "oldest" if request.GET.get("answers") == "oldest" else "helpful"
    context = thread_context(request, question, answer_order=order)
    context.update(
        answer_order=order,
        answer_form=_answer_form(request, question) if can_post(request.user) else None,
        similar=_similar(question),
    )
    return render(request, "community/question_detail.html", context)


def thread_context(request, question: Question, *, answer_order: str = "helpful") -> dict:
    """What the thread page needs, with its answers and comments already rendered."""
    thread = queries.thread(question, request.user, answer_order=answer_order)
    page = rendering.Page(
        request=request,
        thread=thread,
        can_moderate=can_moderate(request.user, question),
        can_accept=can_accept(request.user, question),
        can_mark_official=can_mark_official(request.user, question),
    )
    return {
        "question": question,
        "thread": thread,
        "open_for_replies": page.open,
        "can_moderate": page.can_moderate,
        "can_accept": page.can_accept,
        "can_mark_official": page.can_mark_official,
        "answers_html": rendering.answers_html(page),
        "question_comments_html": rendering.comments_html(
            page, thread.question_comments, _("Comments on the question")
        ),
    }


def _similar(question: Question) -> list[Question]:
    if not question.is_public:
        return []
    return get_engine().similar(question, limit=5)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    template = "community/ask.html"
    data = _post_data(request) if request.method == "POST" else None
    if request.method == "POST" and data is None:
        return _too_big(request, QuestionForm, template, {})
    initial = {}
    if topic_slug := request.GET.get("topic"):
        initial["topic"] = TopicPage.objects.live().filter(slug=topic_slug).first()
    form = QuestionForm(*(data or ()), initial=initial)
    context = {"form": form, "can_post": can_post(request.user)}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview"] = render_markdown(form.cleaned_data["body"]).html
            context["duplicates"] = get_engine().suggest(form.cleaned_data["title"])
            return render(request, template, context)
        try:
            question = ask_question(
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                topic=form.cleaned_data["topic"],
                tags=form.cleaned_data["tags"],
                images=form.images(),
                submission_token=form.cleaned_data["submission_token"],
            )
        except RateLimited as limited:
            form.add_error(None, limited.message)
            response = render(request, template, context, status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            return _respond(
                request, question, _pending_message(question) or _("Your question is published.")
            )
    return render(request, template, context)


@require_GET
def similar_titles(request):
    """Likely duplicates of a title being typed (the ask form asks as the member types)."""
    title = request.GET.get("title", "")[:200]
    questions = get_engine().suggest(title, limit=5) if len(title.strip()) >= 8 else []
    html = render_to_string(
        "community/includes/duplicates.html", {"duplicates": questions}, request=request
    )
    # Stripped, so that an empty answer leaves the box :empty (and hidden).
    return JsonResponse({"html": html.strip(), "count": len(questions)})


def _answer_form(request, question: Question, data=()) -> AnswerForm:
    """The answer form; a brand voice also says whether they answer for the brand, officially,
    or give a personal opinion."""
    user = request.user
    return AnswerForm(
        *data,
        brand_voice=is_brand_voice(user),
        may_mark_official=can_mark_official(user, question),
    )


def _post_reply(request, question, *, form_class, service, target_answer=None):
    """Answer or comment: the thread page shows the form again, with what was typed, on error."""
    data = _post_data(request)
    if data is None:
        context = thread_context(request, question)
        context.update(answer_form=_answer_form(request, question), comment_action=request.path)
        form_name = "answer_form" if form_class is AnswerForm else "comment_form"
        return _too_big(
            request, form_class, "community/question_detail.html", context, form_name=form_name
        )
    form = _answer_form(request, question, data) if form_class is AnswerForm else form_class(*data)
    if form.is_valid():
        try:
            kwargs = {
                "author": request.user,
                "body": form.cleaned_data["body"],
                "submission_token": form.cleaned_data["submission_token"],
            }
            if form_class is AnswerForm:
                kwargs["images"] = form.images()
                kwargs["personal"] = form.cleaned_data.get("stance") == AnswerForm.PERSONAL
            if target_answer is not None:
                kwargs["answer"] = target_answer
            post = service(question, **kwargs)
            if form.cleaned_data.get("stance") == AnswerForm.OFFICIAL and post.is_public:
                mark_official(post, by=request.user)
        except RateLimited as limited:
            form.add_error(None, limited.message)
            return _reply_error(request, question, form, status=429, retry=limited.retry_after)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            done = (
                _("Your answer is published.")
                if isinstance(post, Answer)
                else _("Your comment is published.")
            )
            return _respond(request, post, _pending_message(post) or done)
    return _reply_error(request, question, form, status=400)


def _reply_error(request, question, form, *, status: int, retry: int | None = None):
    context = thread_context(request, question)
    context.update(
        answer_form=form if isinstance(form, AnswerForm) else _answer_form(request, question),
        comment_form=form if isinstance(form, CommentForm) else None,
        comment_action=request.path,
    )
    response = render(request, "community/question_detail.html", context, status=status)
    if retry:
        response["Retry-After"] = str(retry)
    return response


@login_required
@require_POST
def answer_create(request, pk: int):
    question = _question(request, pk)
    return _post_reply(request, question, form_class=AnswerForm, service=post_answer)


@login_required
@require_POST
def comment_create(request, pk: int, answer_id: int | None = None):
    question = _question(request, pk)
    answer = _answer(request, question, answer_id) if answer_id else None
    return _post_reply(
        request,
        question,
        form_class=CommentForm,
        service=post_comment,
        target_answer=answer,
    )


# --- editing, deleting, history ---------------------------------------------------------------


def _target(request, pk: int, answer_id: int | None, comment_id: int | None):
    question = _question(request, pk)
    if answer_id:
        return question, _answer(request, question, answer_id)
    if comment_id:
        return question, _comment(request, question, comment_id)
    return question, question


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int, answer_id: int | None = None, comment_id: int | None = None):
    question, post = _target(request, pk, answer_id, comment_id)
    if not can_edit_post(request.user, post):
        raise PermissionDenied(_("Only the author can change this post."))
    form_class = (
        QuestionForm
        if post is question
        else CommentForm
        if isinstance(post, Comment)
        else AnswerForm
    )
    initial = {"body": post.body}
    if post is question:
        initial.update(
            title=question.title,
            topic=question.topic,
            tags=" ".join(question.tags.values_list("name", flat=True)),
        )
    template = "community/post_edit.html"
    context = {"question": question, "post": post}
    data = _post_data(request) if request.method == "POST" else None
    if request.method == "POST" and data is None:
        return _too_big(request, form_class, template, context, initial=initial)
    form = form_class(*(data or ()), initial=initial)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        fields = {"body": form.cleaned_data["body"]}
        if post is question:
            fields.update(
                title=form.cleaned_data["title"],
                topic=form.cleaned_data["topic"],
                tags=form.cleaned_data["tags"],
            )
        if hasattr(form, "images"):
            fields["images"] = form.images()
        try:
            edit_post(post, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _respond(request, post, _("Your changes are saved."))
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, pk: int, answer_id: int | None = None, comment_id: int | None = None):
    question, post = _target(request, pk, answer_id, comment_id)
    if request.method == "POST":
        delete_post(post, by=request.user)
        messages.success(request, _("Your post is deleted. The conversation around it stays."))
        if post is question:
            return redirect("community:question-list")
        return redirect(question.get_absolute_url())
    if not can_edit_post(request.user, post):
        raise PermissionDenied(_("Only the author can delete this post."))
    return render(request, "community/post_delete.html", {"question": question, "post": post})


@require_GET
def post_history(request, pk: int, answer_id: int | None = None):
    question, post = _target(request, pk, answer_id, None)
    kind = PostRevision.Kind.QUESTION if post is question else PostRevision.Kind.ANSWER
    revisions = queries.revisions_of(kind, post.pk)
    return render(
        request,
        "community/post_history.html",
        {"question": question, "post": post, "revisions": revisions},
    )


# --- votes, acceptance, official answers, approval -------------------------------------------


def _back(request, post):
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def vote(request, pk: int, answer_id: int | None = None):
    _thread, post = _target(request, pk, answer_id, None)
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
    question, answer = _target(request, pk, answer_id, None)
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
    question, answer = _target(request, pk, answer_id, None)
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
    question, post = _target(request, pk, answer_id, comment_id)
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
    _thread, post = _target(request, pk, answer_id, comment_id)
    approve_post(post, by=request.user)
    messages.success(request, _("The post is approved and published."))
    return _back(request, post)


# --- follows and notifications ----------------------------------------------------------------


@login_required
@require_POST
def follow_toggle(request, kind: str, key: str):
    if kind == "question":
        target = {"question": _question(request, int(key)) if key.isdigit() else None}
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


# --- reputation --------------------------------------------------------------------------------


@require_GET
def member_points(request, username: str):
    """A member's whole points history, with the reason of every line: for the member and the
    community team only."""
    member = get_object_or_404(User.objects.select_related("profile"), username=username)
    if not can_view_points(request.user, member):
        raise Http404
    page = Paginator(ledger.history(member), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "community/member_points.html",
        {
            "member": member,
            "page_obj": page,
            "lines": [(line, ledger.reason_text(line)) for line in page.object_list],
            "progress": levels.progress(member),
        },
    )


@require_GET
def leaderboard(request):
    """Who helped most this week, this month and ever (staff and brand voices excluded)."""
    period = request.GET.get("period", "month")
    if period not in boards.PERIODS:
        period = "month"
    return render(
        request,
        "community/leaderboard.html",
        {
            "period": period,
            "periods": [
                ("week", _("This week")),
                ("month", _("This month")),
                ("all", _("All time")),
            ],
            "rows": boards.leaderboard(period, limit=50),
        },
    )


@login_required
@require_POST
def question_tags(request, pk: int):
    """Change the tags of a question (a privilege of the higher levels). A member without the
    privilege is refused (403, with the reason) before the form is read."""
    try:
        question = _question(request, pk)
    except Merged:
        raise Http404 from None
    check_edit_tags(request.user, question)
    form = TagsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("tags", [])))
        return redirect(question.get_absolute_url())
    changed = retag_question(question, by=request.user, tags=form.cleaned_data["tags"])
    if changed:
        messages.success(request, _("The tags are saved."))
    return redirect(question.get_absolute_url())
