"""Asking, answering, commenting and editing: each view reads the form, calls the service and
redirects to the post, or shows the form again with what was typed and why it was refused (a
submission larger than the hub accepts gets a clear message, a rate limit a 429 with
Retry-After). The likely duplicates of a title being typed, the deletion of a post, its history
and the retagging of a question live here too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import queries
from community.forms import AnswerForm, CommentForm, QuestionForm, TagsForm
from community.limits import RateLimited
from community.markdown import render as render_markdown
from community.models import Answer, Comment, PostRevision, TopicPage
from community.permissions import can_edit_post, check_edit_tags
from community.search import get_engine
from community.services.editing import delete_post, edit_post, retag_question
from community.services.posting import ask_question, post_answer, post_comment
from community.services.votes import mark_official
from community.views.lookups import Merged, find_answer, find_question, find_target
from community.views.threads import answer_form_for, thread_context
from hub.permissions import can_post


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


def _post_reply(request, question, *, form_class, service, target_answer=None):
    """Answer or comment: the thread page shows the form again, with what was typed, on error."""
    data = _post_data(request)
    if data is None:
        context = thread_context(request, question)
        context.update(answer_form=answer_form_for(request, question), comment_action=request.path)
        form_name = "answer_form" if form_class is AnswerForm else "comment_form"
        return _too_big(
            request, form_class, "community/question_detail.html", context, form_name=form_name
        )
    form = (
        answer_form_for(request, question, data) if form_class is AnswerForm else form_class(*data)
    )
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
        answer_form=form if isinstance(form, AnswerForm) else answer_form_for(request, question),
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
    question = find_question(request, pk)
    return _post_reply(request, question, form_class=AnswerForm, service=post_answer)


@login_required
@require_POST
def comment_create(request, pk: int, answer_id: int | None = None):
    question = find_question(request, pk)
    answer = find_answer(request, question, answer_id) if answer_id else None
    return _post_reply(
        request,
        question,
        form_class=CommentForm,
        service=post_comment,
        target_answer=answer,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int, answer_id: int | None = None, comment_id: int | None = None):
    question, post = find_target(request, pk, answer_id, comment_id)
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
    question, post = find_target(request, pk, answer_id, comment_id)
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
    question, post = find_target(request, pk, answer_id, None)
    kind = PostRevision.Kind.QUESTION if post is question else PostRevision.Kind.ANSWER
    revisions = queries.revisions_of(kind, post.pk)
    return render(
        request,
        "community/post_history.html",
        {"question": question, "post": post, "revisions": revisions},
    )


@login_required
@require_POST
def question_tags(request, pk: int):
    """Change the tags of a question (a privilege of the higher levels). A member without the
    privilege is refused (403, with the reason) before the form is read."""
    try:
        question = find_question(request, pk)
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
