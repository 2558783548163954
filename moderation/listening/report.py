"""The voice-of-the-community report: what the community said over a week or a month.

Themes are the tags of the questions (what they are about), each with its questions and posts,
the praise, complaints and wishes among the members' posts, the trend against the previous
period and a few representative quotes with their links; then the unanswered pain points and
the top contributors. Counts come from the daily roll-ups; quotes and pain points from the posts.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from community.models import Answer, Comment, Question, Tag, Tone
from community.reputation import boards as reputation
from hub.site import absolute

from .figures import totals
from .models import DailyFigures
from .rollups import Scope, day_bounds, tags_of

THEMES = 10
QUOTES = 2
PAIN_POINTS = 10
CONTRIBUTORS = 10
QUOTE_CHARS = 240


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    start: date
    end: date  # inclusive

    @property
    def previous(self) -> Period:
        if self.kind == "week":
            return Period("week", self.start - timedelta(days=7), self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period("month", end.replace(day=1), end)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.start)[0], day_bounds(self.end)[1]


def last_complete(kind: str, today: date) -> Period:
    """The last whole week (Monday to Sunday) or calendar month before ``today``."""
    if kind == "week":
        start = today - timedelta(days=today.weekday() + 7)
        return Period("week", start, start + timedelta(days=6))
    end = today.replace(day=1) - timedelta(days=1)
    return Period("month", end.replace(day=1), end)


def period_ending(kind: str, day: date) -> Period:
    """The week (Monday to Sunday) or calendar month that holds ``day``."""
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period("week", start, start + timedelta(days=6))
    last = calendar.monthrange(day.year, day.month)[1]
    return Period("month", day.replace(day=1), day.replace(day=last))


def trend(now: int, before: int) -> float | None:
    """Change against the previous period, as a fraction (None: nothing to compare with)."""
    return (now - before) / before if before else None


def _theme_counts(period: Period) -> dict[int, dict]:
    rows = (
        DailyFigures.objects.filter(scope=Scope.TAG, day__gte=period.start, day__lte=period.end)
        .values("key")
        .annotate(
            total=Sum(F("questions") + F("answers") + F("comments")),
            asked=Sum("questions"),
            liked=Sum("praise"),
            complained=Sum("complaints"),
            wished=Sum("wishes"),
        )
    )
    return {
        r["key"]: {
            "questions": r["asked"] or 0,
            "posts": r["total"] or 0,
            "praise": r["liked"] or 0,
            "complaints": r["complained"] or 0,
            "wishes": r["wished"] or 0,
        }
        for r in rows
    }


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def quotes(tag_ids: list[int], tone: str, period: Period, limit: int = QUOTES) -> dict:
    """The most telling posts of each theme for one tone, the strongest score first.

    The period's posts of that tone are read by date (an index), their themes looked up by
    their questions' ids, and the few kept are loaded at the end: joining on the tags first
    made the database walk every tagged question of all time."""
    since, until = period.bounds
    window = Q(
        is_public=True, by_brand=False, tone=tone, created_at__gte=since, created_at__lt=until
    )
    candidates = []
    for model in (Question, Answer, Comment):
        posts = model.objects.filter(window)
        if model is not Question:
            posts = posts.filter(question__is_public=True)
        question = "pk" if model is Question else "question_id"
        candidates += [
            (score or 0, pk, model, question_id)
            for pk, question_id, score in posts.values_list("pk", question, "sentiment")
        ]
    sign = 1 if tone == Tone.COMPLAINT else -1
    candidates.sort(key=lambda c: (sign * c[0], c[2].__name__, c[1]))
    themes_of = tags_of(c[3] for c in candidates)
    wanted = set(tag_ids)
    kept: dict[int, list] = defaultdict(list)
    for candidate in candidates:
        for theme in themes_of.get(candidate[3], ()):
            if theme in wanted and len(kept[theme]) < limit:
                kept[theme].append(candidate)
    loaded = {}
    for model in (Question, Answer, Comment):
        ids = {c[1] for rows in kept.values() for c in rows if c[2] is model}
        posts = model.objects.filter(pk__in=ids)
        if model is not Question:
            posts = posts.select_related("question")
        loaded.update({(model, p.pk): p for p in posts})

    def said(post) -> dict:
        text = f"{post.title} — {post.body_text}" if isinstance(post, Question) else post.body_text
        return {"text": _excerpt(text), "url": absolute(post.get_absolute_url())}

    return {
        theme: [said(loaded[(c[2], c[1])]) for c in rows if (c[2], c[1]) in loaded]
        for theme, rows in kept.items()
    }


def member_url(member) -> str:
    return absolute(reverse("hub:member-profile", args=[member.get_username()]))


def pain_points(period: Period, limit: int = PAIN_POINTS) -> list[dict]:
    """Questions of the period that nobody answered and that complain."""
    since, until = period.bounds
    rows = (
        Question.objects.filter(
            is_public=True,
            answer_count=0,
            created_at__gte=since,
            created_at__lt=until,
            tone=Tone.COMPLAINT,
        )
        .select_related("topic")
        .order_by("-helpful_count", "sentiment", "pk")[:limit]
    )
    return [
        {
            "title": q.title,
            "topic": q.topic.title if q.topic_id else "",
            "helpful": q.helpful_count,
            "asked": q.created_at,
            "excerpt": _excerpt(q.body_text),
            "url": absolute(q.get_absolute_url()),
        }
        for q in rows
    ]


def build(period: Period) -> dict:
    """Everything the report says, for the page, the email and the CSV."""
    now, before = _theme_counts(period), _theme_counts(period.previous)
    busiest = sorted(now, key=lambda k: (-now[k]["posts"], k))[:THEMES]
    tags = Tag.objects.in_bulk(busiest)
    said = {
        tone: quotes(busiest, tone, period) if busiest else {}
        for tone in (Tone.PRAISE, Tone.COMPLAINT, Tone.WISH)
    }
    themes = []
    for key in busiest:
        if key not in tags:
            continue
        figures = now[key]
        earlier = before.get(key, {}).get("questions", 0)
        themes.append(
            {
                "tag": tags[key].name,
                "url": absolute(tags[key].get_absolute_url()),
                **figures,
                "previous": earlier,
                "trend": trend(figures["questions"], earlier),
                "quotes": {tone: said[tone][key] for tone in said if said[tone].get(key)},
            }
        )
    since, until = period.bounds
    return {
        "period": period,
        "totals": totals(Scope.HUB, period.start, period.end),
        "previous_totals": totals(Scope.HUB, period.previous.start, period.previous.end),
        "themes": themes,
        "pain_points": pain_points(period),
        "contributors": reputation.top_earners(since=since, until=until, limit=CONTRIBUTORS),
    }


# --- CSV ---------------------------------------------------------------------------------------


def csv_safe(value) -> str:
    """A cell a spreadsheet shows as text: members wrote these words, and a cell that starts
    like a formula would run as one."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return out.getvalue()


def as_csv(report: dict) -> str:
    def pct(value):
        return "" if value is None else f"{value * 100:.0f}"

    rows = []
    for theme in report["themes"]:
        rows.append(
            [
                _("theme"),
                theme["tag"],
                theme["questions"],
                theme["posts"],
                theme["praise"],
                theme["complaints"],
                theme["wishes"],
                theme["previous"],
                pct(theme["trend"]),
                "",
                theme["url"],
            ]
        )
        for tone, found in theme["quotes"].items():
            for quote in found:
                text = f"{Tone(tone).label}: {quote['text']}"
                rows.append([_("quote"), theme["tag"]] + [""] * 7 + [text, quote["url"]])
    for point in report["pain_points"]:
        rows.append(
            [_("unanswered pain point"), point["topic"]] + [""] * 7 + [point["title"], point["url"]]
        )
    for row in report["contributors"]:
        rows.append(
            [_("top contributor"), row["member"].profile.name, "", row["points"]]
            + [""] * 5
            + [str(row["level"].label), member_url(row["member"])]
        )
    header = [
        _("section"),
        _("name"),
        _("questions"),
        _("posts or points"),
        _("praise"),
        _("complaints"),
        _("wishes"),
        _("questions in the previous period"),
        _("trend %"),
        _("text"),
        _("link"),
    ]
    return write_csv(header, rows)
