"""Editing and deleting: an author changes a post (what it said before is kept as a revision and
newly mentioned members are told), a member with the privilege retags a question, and an author
soft-deletes a post, which keeps its place in the thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from community import signals, tasks
from community.markdown import written_mentions
from community.models import Answer, PostRevision, Question, TopicPage
from community.permissions import check_delete_post, check_edit_post, check_edit_tags
from community.services.counters import refresh_question_counters
from community.services.posting import attach_images, check_body, render_into, resolve_tags
from community.services.threads import Post, post_kind, question_of, thread_changed
from hub.tasks import enqueue


@transaction.atomic
def edit_post(
    post: Post,
    *,
    by,
    body: str,
    title: str | None = None,
    topic: TopicPage | None = None,
    tags: Iterable[str] | None = None,
    images: Sequence[ContentFile] = (),
) -> Post:
    """Change a post, keeping what it said before as a revision. Newly mentioned members are
    told; others are not notified of an edit."""
    check_edit_post(by, post)
    is_question = isinstance(post, Question)
    revision = PostRevision.objects.create(
        kind=post_kind(post),
        object_id=post.pk,
        title=post.title if is_question else "",
        body=post.body,
        tags=" ".join(post.tags.values_list("name", flat=True)) if is_question else "",
        editor=by,
    )
    before = set(written_mentions(post.body))
    mentions = render_into(post, body)
    check_body(post.author or by, post, images)
    if is_question:
        if title is not None:
            post.title = title.strip()
        if topic is not None:
            post.topic = topic
    post.edited_at = timezone.now()
    post.save()
    if is_question and tags is not None:
        post.tags.set(resolve_tags(tags))
    if images:
        target = {"question": post} if is_question else {"answer": post}
        attach_images(images, owner=by, **target)
    signals.post_edited.send(type(post), post=post, by=by, revision=revision)
    new_mentions = [m for m in mentions if m not in before]
    if new_mentions and post.is_public:
        enqueue(tasks.notify_post, post_kind(post), post.pk, new_mentions, True)
    thread_changed(question_of(post), post)
    return post


@transaction.atomic
def retag_question(question: Question, *, by, tags: Iterable[str]) -> bool:
    """Change the tags of a question (a privilege of the higher levels); the earlier tags are
    kept as a revision. False when nothing changed."""
    check_edit_tags(by, question)
    before = sorted(question.tags.values_list("name", flat=True))
    chosen = resolve_tags(tags)
    if sorted(t.name for t in chosen) == before:
        return False
    revision = PostRevision.objects.create(
        kind=PostRevision.Kind.QUESTION,
        object_id=question.pk,
        title=question.title,
        body=question.body,
        tags=" ".join(before),
        editor=by,
    )
    question.tags.set(chosen)
    signals.post_edited.send(Question, post=question, by=by, revision=revision)
    thread_changed(question)
    return True


@transaction.atomic
def delete_post(post: Post, *, by) -> Post:
    """Soft-delete: the post keeps its place in the thread as "deleted by its author"."""
    check_delete_post(by, post)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at", "updated_at"])
    question = question_of(post)
    if isinstance(post, Answer):
        cleared = {}
        if question.accepted_answer_id == post.pk:
            cleared.update(accepted_answer=None, accepted_at=None)
        if question.official_answer_id == post.pk:
            cleared.update(official_answer=None, official_by=None, official_at=None)
        if cleared:
            Question.objects.filter(pk=question.pk).update(**cleared)
        refresh_question_counters([question.pk])
    signals.post_deleted.send(type(post), post=post, by=by)
    thread_changed(question, post)
    return post
