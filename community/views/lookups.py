"""What a thread URL names, as the requesting member may see it: the question (or where a merged
question went), one of its answers or comments, or the post an action is about. Anything the
member may not see is a 404.
"""

from __future__ import annotations

from django.http import Http404

from community import queries
from community.models import Answer, Comment, Question
from community.permissions import can_view_post


class Merged(Exception):
    """The question was merged into another one, ``into``, where its address now leads."""

    def __init__(self, into: Question):
        self.into = into


def find_question(request, pk: int) -> Question:
    try:
        return queries.get_question_for(request.user, pk)
    except Question.DoesNotExist:
        into = queries.merged_into(pk)
        if into is not None:
            raise Merged(into) from None
        raise Http404 from None


def find_answer(request, question: Question, answer_id: int) -> Answer:
    answer = (
        Answer.objects.select_related("author__profile")
        .filter(pk=answer_id, question=question)
        .first()
    )
    if answer is None or not can_view_post(request.user, answer):
        raise Http404
    answer.question = question
    return answer


def find_comment(request, question: Question, comment_id: int) -> Comment:
    comment = Comment.objects.filter(pk=comment_id, question=question).first()
    if comment is None or not can_view_post(request.user, comment):
        raise Http404
    comment.question = question
    return comment


def find_target(request, pk: int, answer_id: int | None, comment_id: int | None):
    question = find_question(request, pk)
    if answer_id:
        return question, find_answer(request, question, answer_id)
    if comment_id:
        return question, find_comment(request, question, comment_id)
    return question, question
