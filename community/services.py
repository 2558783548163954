"""Writes of the community. Each checks permission, changes state in one transaction, sends a
signal, and leaves slow work (notifications, email, search indexing) to tasks after commit.

A member's post is stored before anything else can fail (principle 6): indexing, email and
cache refreshes all happen after the commit and catch up on their own if a service is down.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import pagecache
from hub.permissions import check_can_post
from hub.services import get_profile
from hub.tasks import enqueue

from . import limits, signals, tasks
from .markdown import render, written_mentions
from .models import (
    Answer,
    Comment,
    Flag,
    Follow,
    HelpfulVote,
    Level,
    Notification,
    PostImage,
    PostRevision,
    PostState,
    Question,
    Tag,
    ThreadNote,
    TopicPage,
)
from .permissions import (
    can_moderate,
    check_accept,
    check_can_interact,
    check_delete_post,
    check_edit_post,
    check_edit_tags,
    check_flag,
    check_mark_official,
    check_vote,
    check_withdraw_accept,
    check_withdraw_official,
    is_brand_voice,
    member_level,
)
from .reputation.ledger import count_approved_post
from .rules import rules

User = get_user_model()
Post = Question | Answer | Comment
MAX_TAGS = 5


# --- helpers -----------------------------------------------------------------------------------


def _existing_usernames(names: list[str]) -> set[str]:
    return set(
        User.objects.filter(username__in=names[:20], is_active=True).values_list(
            "username", flat=True
        )
    )


def _render_into(post: Post, body: str) -> list[str]:
    """Render ``body`` onto ``post``; return the members it mentions."""
    rendered = render(body, resolve=_existing_usernames)
    post.body = body
    post.body_html = rendered.html
    post.body_text = rendered.text
    post._links = rendered.links
    return rendered.mentions


def _check_body(author, post: Post, images: Sequence, applying=limits.UNSET) -> None:
    limits.check_content(
        author, links=getattr(post, "_links", 0), images=len(images), limits=applying
    )


def _posting_rules(author, kind: str, topic) -> tuple[dict | None, list[str]]:
    """Check the rate limits; return the limits that apply and the reasons the post waits for
    a moderator (none: it is published at once). Brand voices and moderators are never held."""
    # The level is read once: it decides both the new-member limits and pre-moderation.
    level, r = member_level(author), rules()
    applying = limits.limits_for(author, new_member=level < r.links_images_level)
    if applying is None:
        return None, []
    policy = limits.policy_for(author, topic)
    applying = limits.slowed(applying, policy["slow"])
    limits.hold_member(author)  # until the post is saved: parallel posts queue up here
    limits.check_posting(author, kind=kind, limits=applying)
    holds = list(policy["hold"])
    if limits.waits_for_moderation(
        author, applying=applying, new_member=level < r.no_premoderation_level
    ):
        holds.insert(0, "new_member")
    return applying, holds


def _hold_if_suspect(post: Post, holds: list[str]) -> list[str]:
    """Run the content checks on a post about to be saved; a suspect one waits for a
    moderator (stored all the same: nothing a member wrote is lost)."""
    if not holds:
        holds = limits.content_holds(post)
        if holds:
            post.state = PostState.PENDING
    return holds


def resolve_tags(names: Iterable[str]) -> list[Tag]:
    """The tags with these names, created when new (names are validated by the form)."""
    tags = []
    for name in list(dict.fromkeys(n.strip().lower() for n in names if n.strip()))[:MAX_TAGS]:
        tag, _created = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    return tags


def _attach_images(images: Sequence[ContentFile], *, owner, **target) -> None:
    for content in images:
        PostImage.objects.create(owner=owner, image=content, **target)


def _thread_changed(question: Question, post: Post | None = None) -> None:
    """After commit: anonymous readers get a fresh copy of the thread, and a task brings the
    search indexes up to date (the question and, when given, the answer that changed)."""
    answer = post if isinstance(post, Answer) else None
    signals.thread_changed.send(Question, question=question, post=post)
    scope = question.cache_scope
    transaction.on_commit(lambda: pagecache.bump_scope(scope))
    if settings.ELASTICSEARCH_URL:
        Question.objects.filter(pk=question.pk).update(search_dirty=True)
    enqueue(tasks.index_thread, question.pk, [answer.pk] if answer is not None else [])


def refresh_question_counters(question_ids: Iterable[int], *, touch: bool = False) -> None:
    """Recompute a question's denormalised figures from their source rows, in one statement
    (which also marks the thread as active now when ``touch`` is set)."""
    public_answers = Answer.objects.filter(question=OuterRef("pk"), is_public=True)
    active = {"last_activity_at": timezone.now()} if touch else {}
    Question.objects.filter(pk__in=list(question_ids)).update(
        **active,
        answer_count=Coalesce(
            Subquery(
                public_answers.order_by().values("question").annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
        has_brand_answer=Exists(public_answers.filter(by_brand=True)),
    )


def refresh_helpful_counts(*, question_ids: Iterable[int] = (), answer_ids: Iterable[int] = ()):
    for model, ids, field in (
        (Question, list(question_ids), "question"),
        (Answer, list(answer_ids), "answer"),
    ):
        if not ids:
            continue
        votes = (
            HelpfulVote.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        model.objects.filter(pk__in=ids).update(helpful_count=Coalesce(Subquery(votes), 0))


def _touch(question: Question) -> None:
    Question.objects.filter(pk=question.pk).update(last_activity_at=timezone.now())


def _save_once(post: Post, model, author, token) -> tuple[Post, bool]:
    """Save a new post; the same form submitted twice returns the first one instead."""
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:
        if token is None:
            raise
        return model.objects.get(author=author, submission_token=token), False
    return post, True


def _already_submitted(model, author, token) -> Post | None:
    if token is None:
        return None
    return model.objects.filter(author=author, submission_token=token).first()


def _published(post: Post, mentions: list[str]) -> None:
    """What follows a post becoming visible to everyone."""
    count_approved_post(post.author)
    enqueue(tasks.notify_post, _kind(post), post.pk, mentions)


def _kind(post: Post) -> str:
    return PostRevision.Kind(type(post).__name__.lower()).value


# --- asking, answering, commenting ---------------------------------------------------------------


@transaction.atomic
def ask_question(
    *,
    author,
    title: str,
    body: str,
    topic: TopicPage,
    tags: Iterable[str] = (),
    images: Sequence[ContentFile] = (),
    submission_token: uuid.UUID | None = None,
) -> Question:
    """Store a new question. A new member's question waits for moderation; the others are
    published at once and their topic's and tags' followers are told."""
    check_can_post(author)
    if existing := _already_submitted(Question, author, submission_token):
        return existing
    applying, holds = _posting_rules(author, "question", topic)
    question = Question(
        author=author,
        title=title.strip(),
        topic=topic,
        state=PostState.PENDING if holds else PostState.PUBLISHED,
        by_brand=is_brand_voice(author),
        last_activity_at=timezone.now(),
        submission_token=submission_token,
    )
    mentions = _render_into(question, body)
    _check_body(author, question, images, applying)
    if applying is not None:
        holds = _hold_if_suspect(question, holds)
    pending = bool(holds)
    question, created = _save_once(question, Question, author, submission_token)
    if not created:
        return question
    question.tags.set(resolve_tags(tags))
    _attach_images(images, owner=author, question=question)
    follow(author, question=question)
    question.held_for = holds  # why it waits, for the page that tells the author
    signals.post_created.send(Question, post=question, pending=pending, reasons=holds)
    if not pending:
        _published(question, mentions)
    _thread_changed(question)
    return question


@transaction.atomic
def post_answer(
    question: Question,
    *,
    author,
    body: str,
    images: Sequence[ContentFile] = (),
    submission_token: uuid.UUID | None = None,
    personal: bool = False,
) -> Answer:
    """Store an answer. A brand voice may say it is their personal opinion rather than the
    brand's position (shown next to their name)."""
    check_can_interact(author, question)
    if existing := _already_submitted(Answer, author, submission_token):
        return existing
    applying, holds = _posting_rules(author, "answer", question.topic)
    by_brand = is_brand_voice(author)
    answer = Answer(
        question=question,
        author=author,
        state=PostState.PENDING if holds else PostState.PUBLISHED,
        by_brand=by_brand,
        personal=personal and by_brand,
        submission_token=submission_token,
    )
    mentions = _render_into(answer, body)
    _check_body(author, answer, images, applying)
    if applying is not None:
        holds = _hold_if_suspect(answer, holds)
    pending = bool(holds)
    answer, created = _save_once(answer, Answer, author, submission_token)
    if not created:
        return answer
    _attach_images(images, owner=author, answer=answer)
    follow(author, question=question)
    answer.held_for = holds  # why it waits, for the page that tells the author
    signals.post_created.send(Answer, post=answer, pending=pending, reasons=holds)
    if not pending:
        refresh_question_counters([question.pk], touch=True)
        _published(answer, mentions)
    _thread_changed(question, answer)
    return answer


@transaction.atomic
def post_comment(
    question: Question,
    *,
    author,
    body: str,
    answer: Answer | None = None,
    submission_token: uuid.UUID | None = None,
) -> Comment:
    check_can_interact(author, question)
    if answer is not None and (answer.question_id != question.pk or not answer.is_public):
        raise PermissionDenied(_("This answer is not open for comments."))
    if existing := _already_submitted(Comment, author, submission_token):
        return existing
    applying, holds = _posting_rules(author, "comment", question.topic)
    comment = Comment(
        question=question,
        answer=answer,
        author=author,
        state=PostState.PENDING if holds else PostState.PUBLISHED,
        by_brand=is_brand_voice(author),
        submission_token=submission_token,
    )
    mentions = _render_into(comment, body)
    _check_body(author, comment, (), applying)
    if applying is not None:
        holds = _hold_if_suspect(comment, holds)
    pending = bool(holds)
    comment, created = _save_once(comment, Comment, author, submission_token)
    if not created:
        return comment
    comment.held_for = holds  # why it waits, for the page that tells the author
    signals.post_created.send(Comment, post=comment, pending=pending, reasons=holds)
    if not pending:
        _touch(question)
        _published(comment, mentions)
    _thread_changed(question, comment)
    return comment


def _question_of(post: Post) -> Question:
    return post if isinstance(post, Question) else post.question


# --- editing, deleting, approving -------------------------------------------------------------


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
        kind=_kind(post),
        object_id=post.pk,
        title=post.title if is_question else "",
        body=post.body,
        tags=" ".join(post.tags.values_list("name", flat=True)) if is_question else "",
        editor=by,
    )
    before = set(written_mentions(post.body))
    mentions = _render_into(post, body)
    _check_body(post.author or by, post, images)
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
        _attach_images(images, owner=by, **target)
    signals.post_edited.send(type(post), post=post, by=by, revision=revision)
    new_mentions = [m for m in mentions if m not in before]
    if new_mentions and post.is_public:
        enqueue(tasks.notify_post, _kind(post), post.pk, new_mentions, True)
    _thread_changed(_question_of(post), post)
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
    _thread_changed(question)
    return True


@transaction.atomic
def delete_post(post: Post, *, by) -> Post:
    """Soft-delete: the post keeps its place in the thread as "deleted by its author"."""
    check_delete_post(by, post)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at", "updated_at"])
    question = _question_of(post)
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
    _thread_changed(question, post)
    return post


@transaction.atomic
def approve_post(post: Post, *, by) -> Post:
    """Publish a post that waited for moderation; its author is no longer a new member."""
    if not can_moderate(by, _question_of(post)):
        raise PermissionDenied(_("Only moderators can approve posts."))
    if post.state != PostState.PENDING:
        return post
    post.state = PostState.PUBLISHED
    post.save(update_fields=["state", "updated_at"])
    question = _question_of(post)
    if isinstance(post, Answer):
        refresh_question_counters([question.pk], touch=True)
    elif isinstance(post, Comment):
        _touch(question)
    mentions = render(post.body, resolve=_existing_usernames).mentions
    _published(post, mentions)
    enqueue(tasks.notify_approved, _kind(post), post.pk)
    signals.post_published.send(type(post), post=post, by=by)
    _thread_changed(question, post)
    return post


# --- moderation ---------------------------------------------------------------------------------
# The moderation app decides and keeps the audit trail; these change the community's own rows.


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
    question = _question_of(post)
    if isinstance(post, Answer):
        if state != PostState.PUBLISHED:
            _clear_answer_marks(question, post)
        refresh_question_counters([question.pk])
    _thread_changed(question, post)
    if isinstance(post, Question):
        transaction.on_commit(pagecache.bump_version)
    return True


@transaction.atomic
def hide_post(post: Post, *, by=None) -> bool:
    """Hide a post from everyone but the moderators, pending review. ``by`` is None when the
    members' flags hid it."""
    if by is not None:
        check_moderate(by, _question_of(post))
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
    check_moderate(by, _question_of(post))
    if not _set_state(post, PostState.REMOVED):
        return False
    signals.post_removed.send(type(post), post=post, by=by, spam=spam)
    return True


@transaction.atomic
def restore_post(post: Post, *, by) -> bool:
    """Publish again a post that was hidden (the flags were not upheld). A post that never
    was published goes through ``approve_post`` instead, which tells its followers."""
    check_moderate(by, _question_of(post))
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
    _thread_changed(question)
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


def flag_weight(user, level: int | None = None) -> int:
    """How much a member's flag counts: more for ambassadors, for members at the level the
    rules say, and for someone whose earlier flags were upheld (``level``: already read)."""
    if can_moderate(user) or is_brand_voice(user):
        return 3
    level = member_level(user) if level is None else level
    if level >= Level.AMBASSADOR:
        return 3
    if level >= rules().flag_weight_level:
        return 2
    record = dict(
        Flag.objects.filter(flagger=user)
        .exclude(outcome=Flag.Outcome.OPEN)
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    upheld, dismissed = record.get(Flag.Outcome.UPHELD, 0), record.get(Flag.Outcome.DISMISSED, 0)
    return 2 if upheld >= 3 and upheld > 2 * dismissed else 1


def flag_target(post: Post) -> str:
    return f"{_kind(post)}:{post.pk}"


@transaction.atomic
def flag_post(post: Post, *, by, reason: str, text: str = "") -> tuple[Flag, bool]:
    """Tell the moderators a post needs a look. One flag per member per post; when enough
    distinct members flag a published post, it is hidden until a moderator reviews it."""
    check_flag(by, post)
    target = flag_target(post)
    level = member_level(by)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                flagger=by,
                target=target,
                question=_question_of(post),
                author_id=post.author_id,
                reason=reason,
                text=text.strip(),
                weight=flag_weight(by, level),
            )
    except IntegrityError:
        return Flag.objects.get(flagger=by, target=target), False
    hidden = False
    flaggers = Flag.objects.filter(target=target, outcome=Flag.Outcome.OPEN).count()
    # Enough distinct members, or one ambassador (helping triage), hide it pending review.
    enough = flaggers >= settings.AGORA_FLAGS_TO_HIDE or level >= Level.AMBASSADOR
    if enough and post.state == PostState.PUBLISHED:
        hidden = hide_post(post)
    signals.post_flagged.send(type(post), post=post, flag=flag, hidden=hidden)
    return flag, True


def settle_flags(post: Post, *, upheld: bool, by=None) -> int:
    """Record the moderators' verdict on the open flags of a post (the flaggers' record)."""
    outcome = Flag.Outcome.UPHELD if upheld else Flag.Outcome.DISMISSED
    open_flags = Flag.objects.select_for_update().filter(
        target=flag_target(post), outcome=Flag.Outcome.OPEN
    )
    flags = list(open_flags.values_list("pk", "flagger_id"))
    if not flags:
        return 0
    Flag.objects.filter(pk__in=[pk for pk, _flagger in flags]).update(outcome=outcome)
    signals.flags_settled.send(type(post), post=post, upheld=upheld, flags=flags, by=by)
    return len(flags)


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


# --- votes --------------------------------------------------------------------------------------


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
    _thread_changed(_question_of(post))
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
    _thread_changed(_question_of(post))
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
    _thread_changed(question)
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
    _thread_changed(question)
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
    _thread_changed(question)
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


# --- follows and notifications ----------------------------------------------------------------


def _follow_target(question=None, topic=None, tag=None) -> dict:
    target = {
        k: v for k, v in {"question": question, "topic": topic, "tag": tag}.items() if v is not None
    }
    if len(target) != 1:
        raise ValueError("Follow exactly one question, topic or tag.")
    return target


def follow(user, *, question=None, topic=None, tag=None) -> bool:
    """Follow a question, a topic or a tag; returns False if already followed."""
    target = _follow_target(question, topic, tag)
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to follow."))
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, **target)
    except IntegrityError:
        return False
    return True


def unfollow(user, *, question=None, topic=None, tag=None) -> bool:
    target = _follow_target(question, topic, tag)
    deleted, _rows = Follow.objects.filter(user=user, **target).delete()
    return bool(deleted)


def mark_read(user, *, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def unsubscribe(user, *, scope: str) -> str:
    """Apply a signed unsubscribe link: "all" stops every email, "question:<id>" stops
    following that question. Returns what was done, for the confirmation page."""
    if scope.startswith("question:"):
        Follow.objects.filter(user=user, question_id=int(scope.split(":", 1)[1])).delete()
        return "question"
    profile = get_profile(user)
    profile.email_frequency = profile.EmailFrequency.NEVER
    profile.save(update_fields=["email_frequency", "updated_at"])
    return "all"


def clean_submission_token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
