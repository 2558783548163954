"""The listening dashboard, assembled: each chart with its table of numbers, and each table with
the same rows as its CSV download (raw numbers in the CSV, people's units on the page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import dateformat
from django.utils.translation import gettext as _

from community.reputation.boards import FUNNEL_STAGES

from . import charts, trends
from .figures import experts_table, series, tags_table, topics_table, totals
from .health import community_health
from .rollups import Scope

HOUR = 3600


def fmt_percent(value) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def fmt_duration(seconds) -> str:
    """Seconds as people say them: "45 min", "3 h 20 min", "2 d 4 h"."""
    if seconds is None:
        return "—"
    minutes = round(float(seconds) / 60)
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    days, hours = divmod(hours, 24)
    return _("%(d)d d %(h)d h") % {"d": days, "h": hours}


def fmt_score(value) -> str:
    return "—" if value is None else f"{value:+.2f}"


def hours(seconds) -> str:
    return "" if seconds is None else f"{seconds / HOUR:.2f}"


def ratio(value) -> str:
    return "" if value is None else f"{value:.4f}"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)  # as shown: cells, and the first one's link
    raw: list[list] = field(default_factory=list)  # as downloaded
    chart: dict | None = None
    raw_columns: list[str] | None = None  # the CSV's, when they say a unit the page does not

    @property
    def csv_columns(self) -> list[str]:
        return self.raw_columns or self.columns

    def add(self, shown: list, raw: list, link: str = "") -> None:
        self.rows.append({"cells": shown, "link": link})
        self.raw.append(raw)


def _day_label(day: date, weekly: bool) -> str:
    label = dateformat.format(day, "j M")
    return _("week of %(day)s") % {"day": label} if weekly else label


def volume(points: list[dict]) -> Table:
    table = Table(
        "volume",
        _("Questions, answers and comments"),
        [_("Day"), _("Questions"), _("Answers"), _("Comments")],
    )
    for p in points:
        counts = [p["questions"], p["answers"], p["comments"]]
        table.add([_day_label(p["day"], p["weekly"]), *counts], [p["day"].isoformat(), *counts])
    labels = [_day_label(p["day"], False) for p in points]
    table.chart = charts.line_chart(
        labels,
        [
            (_("Questions"), [p["questions"] for p in points]),
            (_("Answers"), [p["answers"] for p in points]),
            (_("Comments"), [p["comments"] for p in points]),
        ],
    )
    return table


def sentiment(points: list[dict]) -> Table:
    table = Table(
        "sentiment",
        _("Tone of the members' posts"),
        [
            _("Day"),
            _("Posts read"),
            _("Average sentiment (−1 to +1)"),
            _("Complaints"),
            _("Praise"),
            _("Wishes"),
        ],
    )
    for p in points:
        table.add(
            [
                _day_label(p["day"], p["weekly"]),
                p["questions"] + p["answers"] + p["comments"],
                fmt_score(p["sentiment"]),
                fmt_percent(p["negative_share"]),
                fmt_percent(p["praise_share"]),
                p["wishes"],
            ],
            [
                p["day"].isoformat(),
                p["questions"] + p["answers"] + p["comments"],
                ratio(p["sentiment"]),
                ratio(p["negative_share"]),
                ratio(p["praise_share"]),
                p["wishes"],
            ],
        )
    labels = [_day_label(p["day"], False) for p in points]

    def pct(value):
        return None if value is None else round(value * 100, 1)

    table.chart = charts.line_chart(
        labels,
        [
            (_("Complaints (% of posts)"), [pct(p["negative_share"]) for p in points]),
            (_("Praise (% of posts)"), [pct(p["praise_share"]) for p in points]),
        ],
        unit=" %",
    )
    return table


FIGURE_COLUMNS = [
    "questions",
    "answers",
    "comments",
    "first_answer_median",
    "first_answer_p90",
    "solution_median",
    "solution_p90",
    "brand_share",
    "solved_share",
    "unanswered_share",
    "sentiment",
    "negative_share",
]


def _figure_headers() -> list[str]:
    return [
        _("Questions"),
        _("Answers"),
        _("Comments"),
        _("First answer, median"),
        _("First answer, 90th percentile"),
        _("Solution, median"),
        _("Solution, 90th percentile"),
        _("Answered by the brand"),
        _("Solved"),
        _("Unanswered"),
        _("Average sentiment"),
        _("Complaints"),
    ]


def _shown(figures: dict) -> list:
    shown = []
    for column in FIGURE_COLUMNS:
        value = figures[column]
        if column.endswith(("_median", "_p90")):
            shown.append(fmt_duration(value))
        elif column.endswith("_share"):
            shown.append(fmt_percent(value))
        elif column == "sentiment":
            shown.append(fmt_score(value))
        else:
            shown.append(value)
    return shown


def _raw(figures: dict) -> list:
    raw = []
    for column in FIGURE_COLUMNS:
        value = figures[column]
        if column.endswith(("_median", "_p90")):
            raw.append(hours(value))
        elif column.endswith("_share") or column == "sentiment":
            raw.append(ratio(value))
        else:
            raw.append(value)
    return raw


def raw_headers() -> list[str]:
    """The CSV's column names say their unit."""
    names = _figure_headers()
    return [
        f"{name} ({_('hours')})" if column.endswith(("_median", "_p90")) else name
        for name, column in zip(names, FIGURE_COLUMNS, strict=True)
    ]


def summary(figures: dict) -> Table:
    table = Table("summary", _("The period in figures"), [_("Figure"), _("Value")])
    table.raw_columns = [_("Figure"), _("Value (durations in hours, shares from 0 to 1)")]
    for name, shown, raw in zip(_figure_headers(), _shown(figures), _raw(figures), strict=True):
        table.add([name, shown], [name, raw])
    return table


def topics(rows: list[dict]) -> Table:
    table = Table("topics", _("By topic"), [_("Topic"), *_figure_headers()])
    table.raw_columns = [_("Topic"), *raw_headers()]
    for row in rows:
        table.add(
            [row["topic"].title, *_shown(row)], [row["topic"].title, *_raw(row)], row["topic"].url
        )
    return table


def tags(rows: list[dict]) -> Table:
    table = Table(
        "tags", _("By tag (the 20 busiest of the whole hub)"), [_("Tag"), *_figure_headers()]
    )
    table.raw_columns = [_("Tag"), *raw_headers()]
    for row in rows:
        name = row["tag"].name
        table.add([f"#{name}", *_shown(row)], [name, *_raw(row)], row["tag"].get_absolute_url())
    return table


def experts(rows: list[dict]) -> Table:
    table = Table(
        "experts",
        _("Experts: load and response times"),
        [
            _("Expert"),
            _("Questions routed"),
            _("Answered"),
            _("Answers written"),
            _("Waiting now"),
            _("Response, median"),
            _("Response, 90th percentile"),
        ],
    )
    table.raw_columns = [
        *table.columns[:5],
        f"{table.columns[5]} ({_('hours')})",
        f"{table.columns[6]} ({_('hours')})",
    ]
    for row in rows:
        counts = [row["routed"], row["answered"], row["answers"], row["waiting"]]
        name = row["expert"].real_name
        table.add(
            [
                name,
                *counts,
                fmt_duration(row["response_median"]),
                fmt_duration(row["response_p90"]),
            ],
            [name, *counts, hours(row["response_median"]), hours(row["response_p90"])],
        )
    return table


def funnel(rows: list[dict]) -> Table:
    table = Table(
        "funnel", _("Member funnel"), [_("Month"), *(str(label) for _c, label in FUNNEL_STAGES)]
    )
    for row in rows:
        counts = [row[code] for code, _label in FUNNEL_STAGES]
        table.add(
            [dateformat.format(row["month"], "F Y"), *counts],
            [row["month"].date().isoformat(), *counts],
        )
    return table


def terms(found: dict) -> Table:
    title = (
        _("What the questions are about (from the search index)")
        if found["source"] == "elasticsearch"
        else _("What the questions are about")
    )
    table = Table("terms", title, [_("Term"), _("Kind"), _("Questions")])
    for name, count in found["tags"]:
        table.add([f"#{name}", _("tag"), count], [name, "tag", count])
    for word, count in found["words"]:
        table.add([word, _("word standing out in titles"), count], [word, "word", count])
    return table


def build(start: date, end: date, topic=None) -> dict:
    """Everything the dashboard shows for the range (and topic)."""
    scope, key = (Scope.TOPIC, topic.pk) if topic is not None else (Scope.HUB, 0)
    figures = totals(scope, start, end, key)
    points = series(scope, start, end, key)
    health = community_health()
    return {
        "figures": figures,
        "tables": {
            t.key: t
            for t in (
                summary(figures),
                volume(points),
                sentiment(points),
                topics(topics_table(start, end)),
                tags(tags_table(start, end)),
                experts(experts_table(start, end)),
                funnel(health["funnel"]),
                terms(trends.trending(start, end, topic.pk if topic is not None else None)),
            )
        },
        "authenticity": health["authenticity"],
    }
