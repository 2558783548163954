"""Background work of the community. Tasks take primary keys and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.search import index

from hub.models import Profile

from . import notify
from .models import Answer, Comment, Notification, Question
from .reputation.gaming import run_nightly
from .search import elastic

logger = logging.getLogger(__name__)
User = get_user_model()
MODELS = {"question": Question, "answer": Answer, "comment": Comment}


def _load(kind: str, pk: int):
    return MODELS[kind].objects.select_related("author").filter(pk=pk).first()


def _thread(post):
    question = post if isinstance(post, Question) else post.question
    answer = post if isinstance(post, Answer) else getattr(post, "answer", None)
    comment = post if isinstance(post, Comment) else None
    return question, answer, comment


@shared_task
def notify_post(kind: str, post_id: int, mentions: list[str], mentions_only: bool = False):
    """Notify followers, the people replied to and those mentioned of a newly visible post."""
    post = _load(kind, post_id)
    if post is None or not post.is_public:
        return
    question, answer, comment = _thread(post)
    entries = notify.recipients_for_post(post, mentions, mentions_only)
    ids = notify.create_notifications(
        entries, actor_id=post.author_id, question=question, answer=answer, comment=comment
    )
    notify.email_immediately(ids)


@shared_task
def notify_event(kind: str, answer_id: int, actor_id: int):
    """An answer was accepted (its author hears) or marked official (the thread's followers and
    the answer's author hear)."""
    answer = Answer.objects.select_related("question").filter(pk=answer_id).first()
    if answer is None:
        return
    entries = notify.recipients_for_event(answer, kind, actor_id)
    ids = notify.create_notifications(
        entries, actor_id=actor_id, question=answer.question, answer=answer
    )
    notify.email_immediately(ids)


@shared_task
def email_notifications(notification_ids: list[int]):
    """Email inbox lines already written (a level change) to those who want them at once."""
    notify.email_immediately(notification_ids)


@shared_task
def notify_approved(kind: str, post_id: int):
    post = _load(kind, post_id)
    if post is None or not post.is_public or not post.author_id:
        return
    question, answer, comment = _thread(post)
    ids = notify.create_notifications(
        [(post.author_id, Notification.Kind.APPROVED, notify.REPLY)],
        actor_id=None,
        question=question,
        answer=answer,
        comment=comment,
    )
    notify.email_immediately(ids)


@shared_task
def send_daily_digests():
    """One email per member who chose the digest, with what they have not read or been sent
    in the last days (older news is no longer news)."""
    since = timezone.now() - timedelta(days=7)
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=since,
            recipient__is_active=True,
            recipient__profile__email_frequency=Profile.EmailFrequency.DIGEST,
        )
        .select_related("recipient__profile", "actor__profile", "question")
        .order_by("recipient_id", "-created_at")
    )
    batch: dict[int, list[Notification]] = {}
    for notification in pending:
        batch.setdefault(notification.recipient_id, []).append(notification)
    for items in batch.values():
        notify.send_digest(items[0].recipient, items[:50])
    return len(batch)


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def index_thread(self, question_id: int, answer_ids: list[int] | None = None):
    """Bring the search indexes of a thread up to date, outside the request that changed it.

    The database index (Wagtail's) gets the question and the answers named; Elasticsearch, when
    configured, gets the thread's document. If Elasticsearch is unreachable the task retries
    with a delay, and the periodic catch-up indexes whatever is still marked as changed.
    """
    question = Question.objects.filter(pk=question_id).first()
    if question is not None:
        index.insert_or_update_object(question)
        for answer in Answer.objects.filter(pk__in=answer_ids or [], question=question):
            index.insert_or_update_object(answer)
    if not settings.ELASTICSEARCH_URL:
        return
    try:
        elastic.index_question(question_id)
    except elastic.UNAVAILABLE as exc:
        logger.warning("Elasticsearch unavailable; question %s will be indexed later", question_id)
        if not self.request.is_eager:
            raise self.retry(exc=exc) from exc


@shared_task
def catch_up_search_index(limit: int = 500):
    """Index the threads that changed while Elasticsearch was unreachable."""
    if not settings.ELASTICSEARCH_URL:
        return 0
    done = 0
    for question_id in Question.objects.filter(search_dirty=True).values_list("pk", flat=True)[
        :limit
    ]:
        try:
            elastic.index_question(question_id)
        except elastic.UNAVAILABLE:
            break
        done += 1
    return done


@shared_task
def nightly_reputation():
    """Serial voting and vote rings lose their points, sock puppets go to the moderators,
    levels follow ageing activity, and ambassador candidates are proposed."""
    found = run_nightly()
    logger.info("Nightly reputation: %s", found)
    return found
