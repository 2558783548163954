"""The thread a post belongs to, and what follows any change to a thread: anonymous readers get a
fresh copy of it and a task brings the search indexes up to date, after the commit. Every write
of the services below ends here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from community import signals, tasks
from community.models import Answer, Comment, PostRevision, Question
from hub import pagecache
from hub.tasks import enqueue

Post = Question | Answer | Comment


def thread_changed(question: Question, post: Post | None = None) -> None:
    """After commit: anonymous readers get a fresh copy of the thread, and a task brings the
    search indexes up to date (the question and, when given, the answer that changed)."""
    answer = post if isinstance(post, Answer) else None
    signals.thread_changed.send(Question, question=question, post=post)
    scope = question.cache_scope
    transaction.on_commit(lambda: pagecache.bump_scope(scope))
    if settings.ELASTICSEARCH_URL:
        Question.objects.filter(pk=question.pk).update(search_dirty=True)
    enqueue(tasks.index_thread, question.pk, [answer.pk] if answer is not None else [])


def post_kind(post: Post) -> str:
    return PostRevision.Kind(type(post).__name__.lower()).value


def question_of(post: Post) -> Question:
    return post if isinstance(post, Question) else post.question
