"""Votes and acceptance: "this helped" votes (idempotent, one per member per post), the asker's
accepted answer and the brand's official answer, and taking each back. Reputation follows from
the signals these send.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from community import limits, signals, tasks
from community.models import Answer, HelpfulVote, Notification, Question
from community.permissions import (
    check_accept,
    check_mark_official,
    check_vote,
    check_withdraw_accept,
    check_withdraw_official,
)
from community.services.counters import refresh_helpful_counts
from community.services.threads import question_of, thread_changed
from hub.tasks import enqueue


@transaction.atomic
def vote_helpful(post: Question | Answer, *, by) -> tuple[HelpfulVote, bool]:
    """Say a post helped. Idempotent: a second click (or a concurrent one) changes nothing."""
    check_vote(by, post)
    field = "question" if isinstance(post, Question) else "answer"
    existing = HelpfulVote.objects.filter(voter=by, **{field: post}).first()
    if existing:
        return existing, False
    limits.check_voting(by)
    try:
        with transaction.atomic():
            vote = HelpfulVote.objects.create(
                voter=by, recipient_id=post.author_id, **{field: post}
            )
    except IntegrityError:
        return HelpfulVote.objects.get(voter=by, **{field: post}), False
    _refresh_votes(post)
    signals.vote_cast.send(HelpfulVote, vote=vote)
    thread_changed(question_of(post))
    return vote, True


@transaction.atomic
def withdraw_vote(post: Question | Answer, *, by) -> bool:
    field = "question" if isinstance(post, Question) else "answer"
    vote = HelpfulVote.objects.filter(voter=by, **{field: post}).first()
    if vote is None:
        return False
    vote.delete()
    _refresh_votes(post)
    signals.vote_withdrawn.send(HelpfulVote, vote=vote)
    thread_changed(question_of(post))
    return True


def _refresh_votes(post: Question | Answer) -> None:
    if isinstance(post, Question):
        refresh_helpful_counts(question_ids=[post.pk])
    else:
        refresh_helpful_counts(answer_ids=[post.pk])


# --- accepted and official answers ------------------------------------------------------------


@transaction.atomic
def accept_answer(answer: Answer, *, by) -> Question:
    """The asker accepts one answer (replacing an earlier choice). An answer the moderators
    have not looked at (flagged, pending, hidden, removed) cannot be accepted."""
    check_accept(by, answer)
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    previous = question.accepted_answer
    if previous is not None and previous.pk == answer.pk:
        return question
    question.accepted_answer = answer
    question.accepted_at = timezone.now()
    question.save(update_fields=["accepted_answer", "accepted_at", "updated_at"])
    signals.answer_accepted.send(Answer, answer=answer, by=by, previous=previous)
    enqueue(tasks.notify_event, Notification.Kind.ACCEPTED, answer.pk, by.pk)
    thread_changed(question)
    return question


def _withdraw(question: Question, *, by, check, fields: tuple[str, ...], signal) -> Question:
    """Take back a mark on a question (its answer field first in ``fields``, then what goes
    with it); the signal names the answer that lost it."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    previous = getattr(question, fields[0])
    if previous is None:
        return question
    check(by, previous)
    for name in fields:
        setattr(question, name, None)
    question.save(update_fields=[*fields, "updated_at"])
    signal.send(Answer, answer=previous, by=by)
    thread_changed(question)
    return question


@transaction.atomic
def unaccept_answer(question: Question, *, by) -> Question:
    return _withdraw(
        question,
        by=by,
        check=check_withdraw_accept,
        fields=("accepted_answer", "accepted_at"),
        signal=signals.answer_unaccepted,
    )


@transaction.atomic
def mark_official(answer: Answer, *, by) -> Question:
    """A brand voice endorses an answer as the brand's official answer (shown apart from the
    asker's accepted answer). The brand never endorses an answer the moderators have not
    looked at: flagged, pending, hidden or removed."""
    check_mark_official(by, answer)
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if question.official_answer_id == answer.pk:
        return question
    previous = question.official_answer
    question.official_answer = answer
    question.official_by = by
    question.official_at = timezone.now()
    question.save(update_fields=["official_answer", "official_by", "official_at", "updated_at"])
    if previous is not None:
        signals.official_answer_unmarked.send(Answer, answer=previous, by=by)
    signals.official_answer_marked.send(Answer, answer=answer, by=by)
    enqueue(tasks.notify_event, Notification.Kind.OFFICIAL, answer.pk, by.pk)
    thread_changed(question)
    return question


@transaction.atomic
def unmark_official(question: Question, *, by) -> Question:
    return _withdraw(
        question,
        by=by,
        check=check_withdraw_official,
        fields=("official_answer", "official_by", "official_at"),
        signal=signals.official_answer_unmarked,
    )
