"""Bad-buzz detection: per topic and per tag, the posts of the recent window against the
baseline of the days before it. An alert trips when the volume is several times the usual and
the share of complaints is both high and well above its usual share; then the community manager
is emailed, the alert waits in the queue with the posts that drive it, and crisis mode is one
click away.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Answer, Comment, Question, Tag, Tone, TopicPage
from moderation.crisis import start_crisis
from moderation.models.audit import AuditEntry
from moderation.models.queue import QueueItem
from moderation.permissions import can_manage_crisis
from moderation.queue import audit, raise_item, resolve_items_for

from .models import BuzzAlert, DailyFigures, ListeningSettings
from .rollups import local_day

EVIDENCE_POSTS = 10


@dataclass(frozen=True)
class Thresholds:
    window_hours: int = 24
    baseline_days: int = 14
    min_posts: int = 10
    volume_factor: float = 3.0
    negative_floor: float = 0.4
    negative_rise: float = 0.2

    @classmethod
    def current(cls) -> Thresholds:
        s = ListeningSettings.load()
        return cls(
            window_hours=s.window_hours,
            baseline_days=s.baseline_days,
            min_posts=s.min_posts,
            volume_factor=s.volume_factor,
            negative_floor=s.negative_floor,
            negative_rise=s.negative_rise,
        )


@dataclass(frozen=True)
class Assessment:
    tripped: bool
    posts: int
    negative: int
    expected: float
    baseline_share: float

    @property
    def ratio(self) -> float:
        return self.posts / self.expected if self.expected else 0.0

    @property
    def negative_share(self) -> float:
        return self.negative / self.posts if self.posts else 0.0


def assess(
    *, posts: int, negative: int, baseline_posts: int, baseline_negative: int, t: Thresholds
) -> Assessment:
    """The rule, on numbers alone. ``baseline_*`` are the totals of the baseline days; the
    usual volume of a window is their daily mean scaled to the window (at least one post, so
    that a topic that was silent needs ``min_posts`` to trip, not one)."""
    expected = max(baseline_posts / t.baseline_days * t.window_hours / 24, 1.0)
    baseline_share = baseline_negative / baseline_posts if baseline_posts else 0.0
    negative_share = negative / posts if posts else 0.0
    tripped = (
        posts >= t.min_posts
        and posts >= t.volume_factor * expected
        and negative_share >= t.negative_floor
        and negative_share >= baseline_share + t.negative_rise
    )
    return Assessment(tripped, posts, negative, expected, baseline_share)


# --- the window and the baseline from the data ---------------------------------------------------


def _window_counts(since: datetime, until: datetime) -> dict[tuple[str, int], list[int]]:
    """Posts and complaints of the members (brand voices left out) per topic and per tag."""
    counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    base = {"is_public": True, "by_brand": False, "created_at__gte": since}
    base["created_at__lt"] = until
    posts = []
    posts += Question.objects.filter(**base).values_list("pk", "topic_id", "tone")
    for model in (Answer, Comment):
        posts += model.objects.filter(question__is_public=True, **base).values_list(
            "question_id", "question__topic_id", "tone"
        )
    tags: dict[int, list[int]] = defaultdict(list)
    for question_id, tag_id in Question.tags.through.objects.filter(
        question_id__in={p[0] for p in posts}
    ).values_list("question_id", "tag_id"):
        tags[question_id].append(tag_id)
    for question_id, topic_id, tone in posts:
        keys = [("topic", topic_id)] if topic_id else []
        keys += [("tag", t) for t in tags.get(question_id, ())]
        for key in keys:
            counts[key][0] += 1
            counts[key][1] += tone == Tone.COMPLAINT
    return counts


def _baseline(first: datetime, days: int) -> dict[tuple[str, int], list[int]]:
    """From the roll-ups: the ``days`` whole days before the window's first day."""
    end = local_day(first) - timedelta(days=1)
    rows = (
        DailyFigures.objects.filter(
            scope__in=("topic", "tag"), day__gt=end - timedelta(days=days), day__lte=end
        )
        .values("scope", "key")
        .annotate(
            q=Sum("questions"),
            a=Sum("answers"),
            c=Sum("comments"),
            s=Sum("scored"),
            n=Sum("complaints"),
        )
    )
    # Brand voices' posts are in the volumes but not in the tone counts: the members' share of
    # complaints is complaints over scored posts, and the volume is the members' scored posts
    # when tones are there (the window counts members' posts only).
    return {(r["scope"], r["key"]): [r["s"] or 0, r["n"] or 0] for r in rows}


def driving_posts(key: tuple[str, int], since: datetime, until: datetime) -> list[dict]:
    """The most negative posts of the window in that topic or tag."""
    scope, pk = key
    where = Q(question__topic_id=pk) if scope == "topic" else Q(question__tags__id=pk)
    found = []
    own = Q(topic_id=pk) if scope == "topic" else Q(tags__id=pk)
    window = {"is_public": True, "by_brand": False, "created_at__gte": since}
    window["created_at__lt"] = until
    for post in Question.objects.filter(own, tone=Tone.COMPLAINT, **window).order_by("sentiment")[
        :EVIDENCE_POSTS
    ]:
        found.append(("question", post, post))
    for kind, model in (("answer", Answer), ("comment", Comment)):
        for post in (
            model.objects.filter(where, tone=Tone.COMPLAINT, **window)
            .select_related("question")
            .order_by("sentiment")[:EVIDENCE_POSTS]
        ):
            found.append((kind, post, post.question))
    found.sort(key=lambda f: f[1].sentiment or 0)
    return [
        {
            "kind": kind,
            "id": post.pk,
            "question_id": question.pk,
            "topic_id": question.topic_id,
            "title": question.title[:200],
            "excerpt": " ".join(post.body_text.split())[:240],
            "url": post.get_absolute_url(),
            "score": post.sentiment,
        }
        for kind, post, question in found[:EVIDENCE_POSTS]
    ]


def detect(now: datetime | None = None, thresholds: Thresholds | None = None) -> list[BuzzAlert]:
    """Assess every topic and tag with posts in the window; open (or refresh) their alerts.

    Topics first: a tag whose driving posts all sit in a topic with an alert already says
    nothing new (the same outage would otherwise alert twice)."""
    t = thresholds or Thresholds.current()
    now = now or timezone.now()
    since = now - timedelta(hours=t.window_hours)
    window = _window_counts(since, now)
    baseline = _baseline(since, t.baseline_days)
    covered = set(
        BuzzAlert.objects.filter(state=BuzzAlert.State.OPEN, topic__isnull=False).values_list(
            "topic_id", flat=True
        )
    )
    raised = []
    for key in sorted(window, key=lambda k: (k[0] != "topic", k[1])):
        posts, negative = window[key]
        base_posts, base_negative = baseline.get(key, (0, 0))
        found = assess(
            posts=posts,
            negative=negative,
            baseline_posts=base_posts,
            baseline_negative=base_negative,
            t=t,
        )
        if not found.tripped:
            continue
        evidence = driving_posts(key, since, now)
        if key[0] == "tag" and {e["topic_id"] for e in evidence} <= covered:
            continue
        if key[0] == "topic":
            covered.add(key[1])
        alert = _open_alert(key, found, t, evidence)
        if alert is not None:
            raised.append(alert)
    return raised


def _open_alert(key, found: Assessment, t: Thresholds, evidence: list[dict]) -> BuzzAlert | None:
    """Open the alert of ``key``, or refresh the open one (a second run tells nobody again).
    Returns the alert when it is new."""
    scope, pk = key
    target = {"topic_id": pk} if scope == "topic" else {"tag_id": pk}
    figures = {
        "window_hours": t.window_hours,
        "posts": found.posts,
        "negative": found.negative,
        "expected": round(found.expected, 2),
        "baseline_negative_share": round(found.baseline_share, 4),
        "evidence": evidence,
    }
    if scope == "topic":
        crisis_topic = pk
    else:
        topics = Counter(e["topic_id"] for e in evidence if e["topic_id"])
        crisis_topic = topics.most_common(1)[0][0] if topics else None
    with transaction.atomic():
        if BuzzAlert.objects.filter(state=BuzzAlert.State.OPEN, **target).update(**figures):
            return None
        if scope == "topic" and not TopicPage.objects.filter(pk=pk).exists():
            return None
        if scope == "tag" and not Tag.objects.filter(pk=pk).exists():
            return None
        try:
            with transaction.atomic():
                alert = BuzzAlert.objects.create(crisis_topic_id=crisis_topic, **target, **figures)
        except IntegrityError:
            return None  # another run opened it a moment ago
        raise_item(QueueItem.Kind.BUZZ, alert, reasons=["buzz"])
    return alert


# --- acting on an alert ---------------------------------------------------------------------------


def default_statement(alert: BuzzAlert) -> tuple[str, str]:
    where = alert.crisis_topic.title if alert.crisis_topic_id else _("the community")
    return (
        _("We know about the problem reported in %(where)s") % {"where": where},
        _(
            "Our team is looking into it now. We will post updates here as soon as we know "
            "more. Thank you for your patience; new posts are checked before they appear."
        ),
    )


@transaction.atomic
def switch_to_crisis(alert: BuzzAlert, *, by, title: str = "", statement: str = ""):
    """Crisis mode for the alert's topic (the whole hub when a tag spans none) in one action;
    the alert and its queue item are closed."""
    if not can_manage_crisis(by):
        raise PermissionDenied(_("Only community managers switch crisis mode on."))
    default_title, default_text = default_statement(alert)
    crisis = start_crisis(
        by=by,
        title=title.strip() or default_title,
        statement=statement.strip() or default_text,
        topic=alert.crisis_topic,
    )
    _close(alert, BuzzAlert.State.CRISIS, by=by, resolution="crisis")
    return crisis


@transaction.atomic
def dismiss(alert: BuzzAlert, *, by) -> bool:
    if not can_manage_crisis(by):
        raise PermissionDenied(_("Only community managers dismiss bad-buzz alerts."))
    closed = _close(alert, BuzzAlert.State.DISMISSED, by=by, resolution="dismiss")
    if closed:
        audit(AuditEntry.Action.DISMISS_ALERT, by=by, target=alert, subject=by)
    return closed


def _close(alert: BuzzAlert, state: str, *, by, resolution: str) -> bool:
    closed = BuzzAlert.objects.filter(pk=alert.pk, state=BuzzAlert.State.OPEN).update(
        state=state, closed_at=timezone.now(), closed_by=by
    )
    alert.refresh_from_db()
    resolve_items_for(alert, by=by, resolution=resolution)
    return bool(closed)


def open_alerts():
    return BuzzAlert.objects.filter(state=BuzzAlert.State.OPEN).select_related(
        "topic", "tag", "crisis_topic"
    )
