"""Reputation ledger lines, and the demo's reputation: members with varied histories, a caught
vote ring, a serial voter, suspected sock puppets, an ambassador and a candidate."""

from __future__ import annotations

import itertools
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import Answer, LevelChange, Question, ReputationEvent, Standing
from community.reputation import ambassadors, gaming, rebuild
from demo.factories.community import AnswerFactory, mark_established
from demo.factories.users import VerifiedUserFactory

User = get_user_model()
_keys = itertools.count(1)


class ReputationEventFactory(factory.django.DjangoModelFactory):
    """A ledger line as the services would write it (bulk loaders and the demo use it)."""

    class Meta:
        model = ReputationEvent

    kind = ReputationEvent.Kind.VOTE_ANSWER
    points = 10
    reason = "awarded"
    key = factory.LazyFunction(lambda: f"seed:{next(_keys)}")


def _line(user, actor, points: int, when, kind=ReputationEvent.Kind.VOTE_ANSWER, post=None):
    key = f"vote:{actor.pk}:seed:{next(_keys)}" if actor else f"seed:{next(_keys)}"
    return ReputationEvent(
        user=user,
        actor=actor,
        kind=kind,
        points=points,
        reason="awarded",
        key=key,
        created_at=when,
        post_kind="answer" if post else "",
        post_id=post.pk if post else None,
        thread_id=post.question_id if post else None,
    )


def _member(username: str, name: str, *, days: int, network: str = "") -> User:
    user = VerifiedUserFactory(username=username, display_name=name)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()
    mark_established(user)
    if network:
        Standing.objects.filter(user=user).update(signup_network=network)
    return user


def _answers(author, count: int, questions: list[Question], *, days_ago: int = 5) -> list[Answer]:
    made = []
    for n in range(count):
        answer = AnswerFactory(
            question=questions[n % len(questions)],
            author=author,
            body=f"What worked for me, step {n + 1}: restart, then check the settings.",
        )
        Answer.objects.filter(pk=answer.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago, hours=n)
        )
        made.append(answer)
    return made


def seed_demo_reputation(sender=None, home=None, scale: int = 0, **kwargs) -> list[tuple]:
    """Seed once: the ledger lines go through the same rebuild and detection as real ones."""
    if User.objects.filter(username="ambassador").exists():
        return []
    now = timezone.now()
    questions = list(Question.objects.filter(is_public=True).order_by("pk")[:12])
    if not questions:
        return []
    voters = [_member(f"voter{n:02d}", f"Voter {n:02d}", days=365) for n in range(1, 26)]
    ambassador = _member("ambassador", "Sam Okafor", days=400)
    candidate = _member("candidate", "Léa Fontaine", days=200)
    regular = _member("regular", "Tom Becker", days=120)
    lines = []
    for person, per_voter, spread in ((ambassador, 6, 300), (candidate, 5, 80), (regular, 3, 60)):
        answers = _answers(person, 12 if person != regular else 6, questions)
        for v, voter in enumerate(voters):
            for n in range(per_voter):
                when = now - timedelta(days=(v * 7 + n * 3) % spread + 1, hours=n)
                lines.append(_line(person, voter, 10, when, post=answers[(v + n) % len(answers)]))
    # The demo members: Camille has a few points on the way to contributor.
    member = User.objects.filter(username="member").first()
    if member is not None:
        User.objects.filter(pk=member.pk).update(date_joined=now - timedelta(days=20))
        answer = Answer.objects.filter(author=member).first()
        for n, voter in enumerate(voters[:3]):
            lines.append(_line(member, voter, 10, now - timedelta(days=n + 2), post=answer))
        lines.append(
            _line(member, None, 2, now - timedelta(days=6), kind=ReputationEvent.Kind.FLAG_UPHELD)
        )
    # Member2's votes count (the demo accounts are otherwise a few seconds old).
    User.objects.filter(username="member2").update(date_joined=now - timedelta(days=40))
    # A vote ring: three members voting for each other, and little else.
    ring = [_member(f"ring-{c}", f"Ring {c.upper()}", days=60) for c in "abc"]
    for giver, taker in itertools.permutations(ring, 2):
        for n in range(4):
            lines.append(_line(taker, giver, 10, now - timedelta(days=n * 2 + 1, hours=n)))
    # A serial voter: six votes for one author within an hour.
    member2 = User.objects.filter(username="member2").first()
    serial = _member("serial-voter", "Quick Clicker", days=90)
    if member2 is not None:
        for n in range(6):
            lines.append(_line(member2, serial, 10, now - timedelta(hours=20, minutes=n * 8)))
    # Two accounts made ten minutes apart from one network, voting for the same author.
    network = gaming.network_hash("203.0.113.7")
    puppets = [
        _member("puppet-1", "Alex P.", days=2, network=network),
        _member("puppet-2", "Alexis P.", days=2, network=network),
    ]
    User.objects.filter(pk=puppets[1].pk).update(
        date_joined=puppets[0].date_joined + timedelta(minutes=10)
    )
    if member2 is not None:
        for puppet in puppets:
            lines.append(_line(member2, puppet, 0, now - timedelta(hours=30)))
    ReputationEvent.objects.bulk_create(lines, batch_size=500)
    Standing.objects.filter(user=ambassador).update(ambassador_since=now - timedelta(days=30))
    since = now - timedelta(minutes=1)
    rebuild.rebuild()
    # Spread the level changes the rebuild wrote over the members' time with us, so the funnel
    # has a history.
    for change in LevelChange.objects.filter(created_at__gte=since).select_related("user"):
        joined = change.user.date_joined
        LevelChange.objects.filter(pk=change.pk).update(
            created_at=joined + (now - joined) * (0.2 + 0.2 * change.to_level)
        )
    gaming.detect_serial_voting()
    gaming.detect_rings()
    gaming.detect_puppets()
    ambassadors.propose_candidates()
    return [
        (ambassador.username, ambassador.email, "member promoted to ambassador"),
        (candidate.username, candidate.email, "ambassador candidate (in the queue)"),
    ]
