"""Thread moderation: approving a post that waited, hiding, holding, removing and restoring posts,
locking, pinning, moving and merging questions, notes in the thread and messages to a member.
The moderation app decides and keeps the audit trail; these change the community's own rows.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import signals, tasks
from community.markdown import render
from community.models import (
    Answer,
    Comment,
    Follow,
    Notification,
    PostState,
    Question,
    ThreadNote,
    TopicPage,
)
from community.permissions import can_moderate
from community.services.counters import refresh_question_counters, touch_question
from community.services.posting import existing_usernames, published
from community.services.threads import Post, post_kind, question_of, thread_changed
from hub import pagecache
from hub.tasks import enqueue


@transaction.atomic
def approve_post(post: Post, *, by) -> Post:
    """Publish a post that waited for moderation; its author is no longer a new member."""
    if not can_moderate(by, question_of(post)):
        raise PermissionDenied(_("Only moderators can approve posts."))
    if post.state != PostState.PENDING:
        return post
    post.state = PostState.PUBLISHED
    post.save(update_fields=["state", "updated_at"])
    question = question_of(post)
    if isinstance(post, Answer):
        refresh_question_counters([question.pk], touch=True)
    elif isinstance(post, Comment):
        touch_question(question)
    mentions = render(post.body, resolve=existing_usernames).mentions
    published(post, mentions)
    enqueue(tasks.notify_approved, post_kind(post), post.pk)
    signals.post_published.send(type(post), post=post, by=by)
    thread_changed(question, post)
    return post


def check_moderate(by, question: Question) -> None:
    if not can_moderate(by, question):
        raise PermissionDenied(_("Only the moderators of this topic can do this."))


def _clear_answer_marks(question: Question, answer: Answer, *, by=None) -> None:
    """An answer that is no longer public is neither accepted nor official any more (read
    from the row: the question object the answer carries may predate the marks)."""
    marks = Question.objects.filter(pk=question.pk).values(
        "accepted_answer_id", "official_answer_id"
    )[0]
    cleared = {}
    if marks["accepted_answer_id"] == answer.pk:
        cleared.update(accepted_answer=None, accepted_at=None)
    if marks["official_answer_id"] == answer.pk:
        cleared.update(official_answer=None, official_by=None, official_at=None)
    if cleared:
        Question.objects.filter(pk=question.pk).update(**cleared)
        for name, value in cleared.items():
            setattr(question, name, value)
    if "accepted_answer" in cleared:
        signals.answer_unaccepted.send(Answer, answer=answer, by=by)
    if "official_answer" in cleared:
        signals.official_answer_unmarked.send(Answer, answer=answer, by=by)


def _set_state(post: Post, state: str) -> bool:
    """Move a post to ``state``; False if it was there already (a second click, or another
    moderator was quicker). The row is locked so that two moderators get one outcome."""
    current = (
        type(post)
        .objects.select_for_update()
        .filter(pk=post.pk)
        .values_list("state", flat=True)
        .first()
    )
    if current is None or current == state:
        post.state = current or post.state
        return False
    post.state = state
    post.save(update_fields=["state", "updated_at"])
    question = question_of(post)
    if isinstance(post, Answer):
        if state != PostState.PUBLISHED:
            _clear_answer_marks(question, post)
        refresh_question_counters([question.pk])
    thread_changed(question, post)
    if isinstance(post, Question):
        transaction.on_commit(pagecache.bump_version)
    return True


@transaction.atomic
def hide_post(post: Post, *, by=None) -> bool:
    """Hide a post from everyone but the moderators, pending review. ``by`` is None when the
    members' flags hid it."""
    if by is not None:
        check_moderate(by, question_of(post))
    if post.state not in (PostState.PUBLISHED, PostState.PENDING):
        return False
    return _set_state(post, PostState.HIDDEN)


@transaction.atomic
def hold_post(post: Post) -> bool:
    """Take a published post back to the moderators (a spam check answered late)."""
    if post.state != PostState.PUBLISHED:
        return False
    return _set_state(post, PostState.PENDING)


@transaction.atomic
def remove_post(post: Post, *, by, spam: bool = False) -> bool:
    """Reject a post: nobody but the moderators sees it again. ``spam`` says it was spam (its
    author loses points for it)."""
    check_moderate(by, question_of(post))
    if not _set_state(post, PostState.REMOVED):
        return False
    signals.post_removed.send(type(post), post=post, by=by, spam=spam)
    return True


@transaction.atomic
def restore_post(post: Post, *, by) -> bool:
    """Publish again a post that was hidden (the flags were not upheld). A post that never
    was published goes through ``approve_post`` instead, which tells its followers."""
    check_moderate(by, question_of(post))
    if post.state == PostState.PENDING:
        approve_post(post, by=by)
        return True
    if post.state not in (PostState.HIDDEN, PostState.REMOVED):
        return False
    if not _set_state(post, PostState.PUBLISHED):
        return False
    signals.post_restored.send(type(post), post=post, by=by)
    return True


def add_thread_note(question: Question, kind: str, **values) -> ThreadNote:
    note = ThreadNote.objects.create(question=question, kind=kind, values=values)
    thread_changed(question)
    return note


@transaction.atomic
def lock_question(question: Question, *, by, locked: bool = True) -> bool:
    """Lock a thread (no new answers or comments, except from the moderators) or unlock it."""
    check_moderate(by, question)
    current = (
        Question.objects.select_for_update()
        .filter(pk=question.pk)
        .values_list("locked_at", flat=True)[0]
    )
    if (current is not None) == locked:
        return False
    question.locked_at = timezone.now() if locked else None
    Question.objects.filter(pk=question.pk).update(locked_at=question.locked_at)
    add_thread_note(question, ThreadNote.Kind.LOCKED if locked else ThreadNote.Kind.UNLOCKED)
    return True


@transaction.atomic
def pin_question(question: Question, *, by, pinned: bool = True) -> bool:
    """Pin a question at the top of its topic and of the question list, or unpin it."""
    check_moderate(by, question)
    if (question.pinned_at is not None) == pinned:
        return False
    question.pinned_at = timezone.now() if pinned else None
    Question.objects.filter(pk=question.pk).update(pinned_at=question.pinned_at)
    transaction.on_commit(pagecache.bump_version)
    return True


@transaction.atomic
def move_question(question: Question, *, topic: TopicPage, by) -> bool:
    """Move a question to another topic (the moderator must moderate both)."""
    check_moderate(by, question)
    if not can_moderate(by, Question(topic=topic)):
        raise PermissionDenied(_("You do not moderate the topic you chose."))
    if question.topic_id == topic.pk:
        return False
    before = question.topic.title if question.topic else ""
    question.topic = topic
    Question.objects.filter(pk=question.pk).update(topic=topic)
    add_thread_note(question, ThreadNote.Kind.MOVED, before=before, after=topic.title)
    transaction.on_commit(pagecache.bump_version)
    return True


@transaction.atomic
def merge_question(duplicate: Question, *, into: Question, by) -> bool:
    """Merge a duplicate into the question it repeats: its answers, comments and followers
    move over, it is hidden, and its address redirects to the original."""
    check_moderate(by, duplicate)
    check_moderate(by, into)
    if duplicate.pk == into.pk or into.merged_into_id:
        raise ValidationError(_("Choose another question to merge into."))
    locked = (
        Question.objects.select_for_update()
        .filter(pk=duplicate.pk)
        .values_list("merged_into_id", flat=True)[0]
    )
    if locked is not None:
        return False
    Answer.objects.filter(question=duplicate).update(question=into)
    Comment.objects.filter(question=duplicate).update(question=into)
    for user_id in Follow.objects.filter(question=duplicate).values_list("user_id", flat=True):
        Follow.objects.get_or_create(user_id=user_id, question=into)
    Follow.objects.filter(question=duplicate).delete()
    Question.objects.filter(pk=duplicate.pk).update(
        merged_into=into, accepted_answer=None, official_answer=None
    )
    duplicate.merged_into = into
    _set_state(duplicate, PostState.HIDDEN)
    refresh_question_counters([duplicate.pk, into.pk], touch=True)
    add_thread_note(into, ThreadNote.Kind.MERGED, title=duplicate.title)
    transaction.on_commit(lambda: pagecache.bump_scope(duplicate.cache_scope))
    return True


def notify_member(user, *, question: Question, note: str, by=None, answer=None, comment=None):
    """A message from the moderators in the member's on-site inbox. The caller sends the
    email (it goes whatever the member's settings), so the digest leaves this one out."""
    if user is None:
        return None
    return Notification.objects.create(
        emailed_at=timezone.now(),
        recipient=user,
        actor=by,
        kind=Notification.Kind.MODERATION,
        question=question,
        answer=answer,
        comment=comment,
        note=note,
    )
