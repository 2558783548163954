"""Asking, answering and commenting. A member's post is stored before anything else can fail: the
rate limits and content checks decide whether it is published at once or waits for a moderator
(it is stored either way), then its author follows the thread, the followers are told and the
search index catches up, after the commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import limits, signals, tasks
from community.markdown import render
from community.models import Answer, Comment, PostImage, PostState, Question, Tag, TopicPage
from community.permissions import check_can_interact, is_brand_voice, member_level
from community.reputation.ledger import count_approved_post
from community.rules import rules
from community.services.counters import refresh_question_counters, touch_question
from community.services.follows import follow
from community.services.threads import Post, post_kind, thread_changed
from hub.permissions import check_can_post
from hub.tasks import enqueue

User = get_user_model()
MAX_TAGS = 5


def existing_usernames(names: list[str]) -> set[str]:
    return set(
        User.objects.filter(username__in=names[:20], is_active=True).values_list(
            "username", flat=True
        )
    )


def render_into(post: Post, body: str) -> list[str]:
    """Render ``body`` onto ``post``; return the members it mentions."""
    rendered = render(body, resolve=existing_usernames)
    post.body = body
    post.body_html = rendered.html
    post.body_text = rendered.text
    post._links = rendered.links
    return rendered.mentions


def check_body(author, post: Post, images: Sequence, applying=limits.UNSET) -> None:
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


def attach_images(images: Sequence[ContentFile], *, owner, **target) -> None:
    for content in images:
        PostImage.objects.create(owner=owner, image=content, **target)


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


def published(post: Post, mentions: list[str]) -> None:
    """What follows a post becoming visible to everyone."""
    count_approved_post(post.author)
    enqueue(tasks.notify_post, post_kind(post), post.pk, mentions)


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
    mentions = render_into(question, body)
    check_body(author, question, images, applying)
    if applying is not None:
        holds = _hold_if_suspect(question, holds)
    pending = bool(holds)
    question, created = _save_once(question, Question, author, submission_token)
    if not created:
        return question
    question.tags.set(resolve_tags(tags))
    attach_images(images, owner=author, question=question)
    follow(author, question=question)
    question.held_for = holds  # why it waits, for the page that tells the author
    signals.post_created.send(Question, post=question, pending=pending, reasons=holds)
    if not pending:
        published(question, mentions)
    thread_changed(question)
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
    mentions = render_into(answer, body)
    check_body(author, answer, images, applying)
    if applying is not None:
        holds = _hold_if_suspect(answer, holds)
    pending = bool(holds)
    answer, created = _save_once(answer, Answer, author, submission_token)
    if not created:
        return answer
    attach_images(images, owner=author, answer=answer)
    follow(author, question=question)
    answer.held_for = holds  # why it waits, for the page that tells the author
    signals.post_created.send(Answer, post=answer, pending=pending, reasons=holds)
    if not pending:
        refresh_question_counters([question.pk], touch=True)
        published(answer, mentions)
    thread_changed(question, answer)
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
    mentions = render_into(comment, body)
    check_body(author, comment, (), applying)
    if applying is not None:
        holds = _hold_if_suspect(comment, holds)
    pending = bool(holds)
    comment, created = _save_once(comment, Comment, author, submission_token)
    if not created:
        return comment
    comment.held_for = holds  # why it waits, for the page that tells the author
    signals.post_created.send(Comment, post=comment, pending=pending, reasons=holds)
    if not pending:
        touch_question(question)
        published(comment, mentions)
    thread_changed(question, comment)
    return comment


def clean_submission_token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
