"""A thread: the question page with its answers and comments already rendered, the answer form
(for a brand voice, with how they answer), and likely duplicates of the question.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community import queries, rendering
from community.forms import AnswerForm
from community.models import Question
from community.permissions import can_accept, can_mark_official, can_moderate, is_brand_voice
from community.search import get_engine
from community.views.lookups import Merged, find_question
from hub.permissions import can_post


@require_GET
def question_detail(request, pk: int, slug: str = ""):
    try:
        question = find_question(request, pk)
    except Merged as merged:
        return redirect(merged.into.get_absolute_url(), permanent=True)
    if slug != question.slug:
        return redirect(question.get_absolute_url(), permanent=True)
    order = "oldest" if request.GET.get("answers") == "oldest" else "helpful"
    context = thread_context(request, question, answer_order=order)
    context.update(
        answer_order=order,
        answer_form=answer_form_for(request, question) if can_post(request.user) else None,
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


def answer_form_for(request, question: Question, data=()) -> AnswerForm:
    """The answer form; a brand voice also says whether they answer for the brand, officially,
    or give a personal opinion."""
    user = request.user
    return AnswerForm(
        *data,
        brand_voice=is_brand_voice(user),
        may_mark_official=can_mark_official(user, question),
    )
