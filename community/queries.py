"""Read helpers. Each returns rows already joined for the template that shows them, so a page
issues the same number of queries whatever the size of the thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hub.identity import identities_for

from .models import (
    Answer,
    Comment,
    Follow,
    HelpfulVote,
    Notification,
    PostImage,
    PostRevision,
    PostState,
    Question,
)
from .models.listing import question_listing
from .permissions import can_moderate, moderated_topics

User = get_user_model()
# Listings are built in models/listing.py (topic pages use them too); other apps read them here.
__all__ = ["question_listing"]


POST_FIELDS = (
    "pk",
    "question_id",
    "author_id",
    "body_html",
    "state",
    "is_public",
    "by_brand",
    "personal",
    "created_at",
    "deleted_at",
)
AUTHOR_FIELDS = (
    "pk",
    "username",
    "is_active",
    "profile__display_name",
    "profile__avatar",
    "profile__anonymised_at",
    "standing__ambassador_since",
)


def with_identities(posts, *, also=()) -> list:
    """Attach to each post written by a brand voice (and to each user in ``also``) its public
    identity, with one lookup for all of them."""
    posts = list(posts)
    also = [u for u in also if u is not None]
    found = identities_for([p.author_id for p in posts if p.by_brand] + [u.pk for u in also])
    for post in posts:
        post.identity = found.get(post.author_id) if post.by_brand else None
    for user in also:
        user.identity = found.get(user.pk)
    return posts


def visible_to(user, *, topic_field: str = "topic") -> Q:
    """Posts this person may see in a thread: published ones (a deleted one keeps its place),
    their own pending ones, and everything for moderators (of its topic, for a moderator
    limited to some topics; ``topic_field`` leads from the rows to their topic)."""
    visible = Q(state=PostState.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(state=PostState.PENDING, author=user)
    if can_moderate(user):
        topics = moderated_topics(user)
        if topics is None:
            return Q()
        visible |= Q(**{f"{topic_field}__in": topics})
    return visible


def get_question_for(user, pk: int) -> Question:
    """The question if this person may see it; Question.DoesNotExist otherwise, so a forged,
    pending or hidden id answers exactly like a missing one."""
    return (
        Question.objects.select_related(
            "author__profile",
            "author__standing",
            "topic",
            "official_by__profile",
            "accepted_answer",
        )
        .filter(visible_to(user))
        .get(pk=pk)
    )


def merged_into(pk: int) -> Question | None:
    """The public question a merged duplicate now points to (its old address redirects)."""
    target = (
        Question.objects.filter(pk=pk, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    if target is None:
        return None
    return Question.objects.filter(pk=target, is_public=True).only("pk", "slug").first()


@dataclass
class Thread:
    question: Question
    answers: list[Answer]
    official: Answer | None
    accepted: Answer | None
    others: list[Answer]
    question_comments: list[Comment]
    voted_questions: set[int] = field(default_factory=set)
    voted_answers: set[int] = field(default_factory=set)
    following: bool = False
    notes: list = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, str, list[Answer]]]:
        """The answers in the order a reader needs them: the brand's official answer, the one
        the asker accepted, then the others (each shown once)."""
        parts = []
        if self.official:
            parts.append(("official", _("Official answer from the brand"), [self.official]))
        if self.accepted:
            parts.append(("accepted", _("Accepted by the asker"), [self.accepted]))
        if self.others:
            parts.append(("others", _("Other answers") if parts else "", self.others))
        return parts

    @property
    def visible_count(self) -> int:
        return sum(1 for a in self.answers if a.is_public)


def thread(question: Question, user, *, answer_order: str = "helpful") -> Thread:
    visible = visible_to(user, topic_field="question__topic")
    order = ("created_at", "pk") if answer_order == "oldest" else ("-helpful_count", "created_at")
    # Only what the thread shows: hundreds of rows are built on a long thread.
    answers = list(
        Answer.objects.filter(visible, question=question)
        .only(*POST_FIELDS, "helpful_count", "edited_at")
        .order_by(*order)
    )
    comments = list(
        Comment.objects.filter(visible, question=question).only(*POST_FIELDS, "answer_id")
    )
    # A thread has far fewer authors than posts: load each author (and profile) once.
    author_ids = {p.author_id for p in answers} | {c.author_id for c in comments}
    authors = {
        u.pk: u
        for u in User.objects.filter(pk__in=author_ids - {None})
        .select_related("profile", "standing")
        .only(*AUTHOR_FIELDS)
    }
    for post in (*answers, *comments):
        post._state.fields_cache["author"] = authors.get(post.author_id)
    with_identities([question, *answers, *comments])
    images = list(
        PostImage.objects.filter(Q(question=question) | Q(answer__question=question)).only(
            "pk", "image", "width", "height", "alt", "question_id", "answer_id"
        )
    )
    by_answer: dict[int | None, list[Comment]] = {}
    for comment in comments:
        comment.question = question
        by_answer.setdefault(comment.answer_id, []).append(comment)
    images_by_answer: dict[int, list[PostImage]] = {}
    question.image_list = []
    for image in images:
        if image.answer_id:
            images_by_answer.setdefault(image.answer_id, []).append(image)
        else:
            question.image_list.append(image)
    for answer in answers:
        answer.comment_list = by_answer.get(answer.pk, [])
        answer.image_list = images_by_answer.get(answer.pk, [])
        answer.question = question
    voted_q: set[int] = set()
    voted_a: set[int] = set()
    following = False
    if user.is_authenticated:
        for q_id, a_id in HelpfulVote.objects.filter(
            Q(question=question) | Q(answer__question=question), voter=user
        ).values_list("question_id", "answer_id"):
            if q_id:
                voted_q.add(q_id)
            else:
                voted_a.add(a_id)
        following = Follow.objects.filter(user=user, question=question).exists()
    official = next((a for a in answers if a.pk == question.official_answer_id), None)
    accepted = next((a for a in answers if a.pk == question.accepted_answer_id), None)
    if accepted is official:
        accepted = None  # one answer that is both is shown once, under the official heading
    others = [a for a in answers if a is not official and a is not accepted]
    return Thread(
        question=question,
        answers=answers,
        official=official,
        accepted=accepted,
        others=others,
        question_comments=by_answer.get(None, []),
        notes=list(question.notes.all()),
        voted_questions=voted_q,
        voted_answers=voted_a,
        following=following,
    )


def member_activity(member, viewer) -> dict:
    """A member's public questions and answers, newest first."""
    own = viewer.is_authenticated and viewer.pk == member.pk
    questions = Question.objects.filter(author=member)
    answers = Answer.objects.filter(author=member)
    if not (own or can_moderate(viewer)):
        questions = questions.filter(is_public=True)
        answers = answers.filter(is_public=True, question__is_public=True)
    return {
        "questions": questions.select_related("topic").order_by("-created_at"),
        "answers": answers.select_related("question").order_by("-created_at"),
    }


def with_actor_identities(notifications) -> list[Notification]:
    notifications = list(notifications)
    with_identities((), also=[n.actor for n in notifications])
    return notifications


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor__profile", "question")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def follows_of(user) -> dict:
    follows = Follow.objects.filter(user=user).select_related("question", "topic", "tag")
    return {
        "questions": [f.question for f in follows if f.question_id],
        "topics": [f.topic for f in follows if f.topic_id],
        "tags": [f.tag for f in follows if f.tag_id],
    }


def is_following(user, **target) -> bool:
    return bool(user.is_authenticated and Follow.objects.filter(user=user, **target).exists())


def revisions_of(kind: str, object_id: int):
    return PostRevision.objects.filter(kind=kind, object_id=object_id).select_related(
        "editor__profile"
    )
