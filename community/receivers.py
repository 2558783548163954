"""What the community does when something happens elsewhere; connected in CommunityConfig.ready()."""

import json

from allauth.account.signals import user_signed_up
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_save

from hub.network import client_ip
from hub.search import register_provider
from hub.signals import collect_member_export, member_anonymised
from hub.tasks import enqueue

from . import notify, signals, tasks
from .models import (
    Answer,
    Comment,
    Follow,
    HelpfulVote,
    Notification,
    Question,
    ReputationEvent,
    ReputationRules,
)
from .reputation import events
from .reputation.gaming import record_signup
from .rules import forget_rules
from .search.section import question_section

User = get_user_model()


def forget_member(sender, user_id: int, **kwargs) -> None:
    """An account was deleted: what they wrote stays (under "Deleted member"), what was only
    about them (follows, their inbox) goes."""
    Follow.objects.filter(user_id=user_id).delete()
    Notification.objects.filter(recipient_id=user_id).delete()


def export_member_posts(sender, user, **kwargs) -> list[tuple[str, bytes]]:
    def dump(rows) -> bytes:
        return json.dumps(list(rows), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()

    fields = ("id", "state", "created_at", "edited_at", "deleted_at", "body")
    return [
        (
            "questions.json",
            dump(Question.objects.filter(author=user).values("title", "topic__title", *fields)),
        ),
        ("answers.json", dump(Answer.objects.filter(author=user).values("question_id", *fields))),
        (
            "comments.json",
            dump(Comment.objects.filter(author=user).values("question_id", "answer_id", *fields)),
        ),
        (
            "votes.json",
            dump(
                HelpfulVote.objects.filter(voter=user).values(
                    "question_id", "answer_id", "created_at"
                )
            ),
        ),
        (
            "reputation.json",
            dump(
                ReputationEvent.objects.filter(user=user).values(
                    "kind", "points", "reason", "post_kind", "post_id", "created_at"
                )
            ),
        ),
        (
            "follows.json",
            dump(
                Follow.objects.filter(user=user).values(
                    "question_id", "topic__title", "tag__name", "created_at"
                )
            ),
        ),
    ]


# --- reputation: what happens elsewhere, in points -------------------------------------------


def score_vote(sender, vote, **kwargs) -> None:
    events.vote_cast(vote)


def unscore_vote(sender, vote, **kwargs) -> None:
    events.vote_withdrawn(vote)


def score_acceptance(sender, answer, by, previous=None, **kwargs) -> None:
    events.answer_accepted(answer, by=by, previous=previous)


def unscore_acceptance(sender, answer, by, **kwargs) -> None:
    events.answer_unaccepted(answer, by=by)


def score_official(sender, answer, by, **kwargs) -> None:
    events.official_marked(answer, by=by)


def unscore_official(sender, answer, by, **kwargs) -> None:
    events.official_unmarked(answer, by=by)


def score_removal(sender, post, by, spam: bool = False, **kwargs) -> None:
    if spam:
        events.removed_as_spam(post, by=by)


def unscore_removal(sender, post, by, **kwargs) -> None:
    events.restored(post, by=by)


def score_flags(sender, post, upheld: bool, flags, by=None, **kwargs) -> None:
    if upheld:
        events.flags_upheld(post, flags=flags, by=by)


def tell_level(sender, standing, old: int, new: int, reason: str, note: str = "", **kwargs):
    """Reaching or losing a level is never silent: an inbox line with the reason, and the
    email (written by a worker) for those who want them."""
    notification = notify.level_notification(
        standing.user_id, old=old, new=new, reason=reason, note=note
    )
    enqueue(tasks.email_notifications, [notification.pk])


def rules_changed(sender, **kwargs) -> None:
    forget_rules()


def note_signup(sender, request, user, **kwargs) -> None:
    """Keep a keyed hash of the signup network (the sock-puppet check compares them)."""
    if request is not None:
        record_signup(user, client_ip(request))


def connect() -> None:
    for signal, receiver in (
        (signals.vote_cast, score_vote),
        (signals.vote_withdrawn, unscore_vote),
        (signals.answer_accepted, score_acceptance),
        (signals.answer_unaccepted, unscore_acceptance),
        (signals.official_answer_marked, score_official),
        (signals.official_answer_unmarked, unscore_official),
        (signals.post_removed, score_removal),
        (signals.post_restored, unscore_removal),
        (signals.flags_settled, score_flags),
    ):
        signal.connect(receiver, dispatch_uid=f"community.reputation.{receiver.__name__}")
    signals.level_changed.connect(tell_level, dispatch_uid="community.tell_level")
    post_save.connect(rules_changed, sender=ReputationRules, dispatch_uid="community.rules")
    user_signed_up.connect(note_signup, dispatch_uid="community.note_signup")
    member_anonymised.connect(forget_member, dispatch_uid="community.forget_member")
    collect_member_export.connect(export_member_posts, dispatch_uid="community.export")
    register_provider(question_section)
