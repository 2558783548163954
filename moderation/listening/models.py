"""Listening: the daily roll-ups the dashboard reads, bad-buzz alerts, the settings of both and
the reports sent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class DailyFigures(models.Model):
    """What happened on one day (in the hub's time zone) for the whole hub, one topic, one tag
    or one expert. Computed from the posts by ``moderation.listening.rollups`` (Celery beat,
    hourly, for the days that changed) and rebuilt from scratch by
    ``manage.py rebuild_listening``.

    Questions are counted on the day they were asked, with what became of them since (answered,
    by the brand, solved, and the seconds to the first answer and to the solution); answers and
    comments on the day they were written; the tone counts cover the members' posts of the day
    (brand voices left out). For an expert (``key``: the expert profile), ``questions`` are the
    questions routed to them that day, ``answered`` those they answered, ``first_answer`` the
    seconds they took, and ``answers`` the answers they wrote that day.
    """

    class Scope(models.TextChoices):
        HUB = "hub", _("Whole hub")
        TOPIC = "topic", _("Topic")
        TAG = "tag", _("Tag")
        EXPERT = "expert", _("Expert")

    day = models.DateField()
    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.PositiveBigIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    brand_answered = models.PositiveIntegerField(default=0)
    solved = models.PositiveIntegerField(default=0)
    # Sorted lists of seconds: percentiles over any range are exact (a month of a busy hub is a
    # few thousand numbers).
    first_answer = models.JSONField(default=list)
    solution = models.JSONField(default=list)
    scored = models.PositiveIntegerField(default=0)
    sentiment_sum = models.FloatField(default=0)
    praise = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)
    wishes = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "day"], name="one_figure_per_day")
        ]
        indexes = [models.Index(fields=["scope", "day"])]
        permissions = [
            ("view_listening", _("Can see the listening dashboard and the community reports"))
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.scope}:{self.key}"

    @property
    def posts(self) -> int:
        return self.questions + self.answers + self.comments


class StaleDay(models.Model):
    """A day whose figures changed since they were rolled up (a thread changed)."""

    day = models.DateField(primary_key=True)

    def __str__(self) -> str:
        return str(self.day)


class BuzzAlert(models.Model):
    """A spike in a topic or a tag: more posts than usual, and more of them negative."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CRISIS = "crisis", _("Crisis mode switched on")
        DISMISSED = "dismissed", _("Dismissed")

    topic = models.ForeignKey(
        "community.TopicPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    tag = models.ForeignKey(
        "community.Tag",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tag"),
    )
    # The topic a crisis would cover: the alert's topic, or where most of a tag's posts are.
    crisis_topic = models.ForeignKey(
        "community.TopicPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    window_hours = models.PositiveSmallIntegerField()
    posts = models.PositiveIntegerField()
    negative = models.PositiveIntegerField()
    expected = models.FloatField()
    baseline_negative_share = models.FloatField()
    # The posts that drive it: kind, id, title, excerpt, address, score.
    evidence = models.JSONField(default=list)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bad-buzz alert")
        verbose_name_plural = _("bad-buzz alerts")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic"],
                condition=Q(state="open", tag__isnull=True),
                name="one_open_alert_per_topic",
            ),
            models.UniqueConstraint(
                fields=["tag"], condition=Q(state="open"), name="one_open_alert_per_tag"
            ),
            models.CheckConstraint(
                condition=Q(topic__isnull=False, tag__isnull=True)
                | Q(topic__isnull=True, tag__isnull=False),
                name="alert_on_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return _("Bad buzz in %(where)s") % {"where": self.where}

    @property
    def where(self) -> str:
        if self.tag_id:
            return f"#{self.tag.name}"
        return self.topic.title if self.topic_id else ""

    @property
    def negative_share(self) -> float:
        return self.negative / self.posts if self.posts else 0.0

    @property
    def volume_ratio(self) -> float:
        return self.posts / self.expected if self.expected else 0.0

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


def validate_recipients(value: str) -> None:
    for line in value.splitlines():
        if line.strip():
            try:
                validate_email(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(value)s” is not an email address."), params={"value": line.strip()[:80]}
                ) from None


@register_setting(icon="view")
class ListeningSettings(BaseGenericSetting):
    """Who gets the voice-of-the-community reports, and when a spike raises an alert
    (Settings > Listening)."""

    report_recipients = models.TextField(
        _("send the reports to"),
        blank=True,
        validators=[validate_recipients],
        help_text=_("One email address per line: the people in the company who read them."),
    )
    report_language = models.CharField(
        _("language of the reports"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    weekly_report = models.BooleanField(_("weekly report (Mondays)"), default=True)
    monthly_report = models.BooleanField(_("monthly report (1st of the month)"), default=True)
    window_hours = models.PositiveSmallIntegerField(
        _("recent window (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("The posts of this window are compared with the baseline."),
    )
    baseline_days = models.PositiveSmallIntegerField(
        _("baseline (days before the window)"),
        default=14,
        validators=[MinValueValidator(3), MaxValueValidator(90)],
    )
    min_posts = models.PositiveIntegerField(
        _("posts in the window before an alert is possible"),
        default=10,
        validators=[MinValueValidator(1)],
    )
    volume_factor = models.FloatField(
        _("volume: times the usual"),
        default=3.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(100.0)],
    )
    negative_floor = models.FloatField(
        _("negative share of the window at least"),
        default=0.4,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Between 0 and 1: 0.4 means 40 % of the posts are complaints."),
    )
    negative_rise = models.FloatField(
        _("negative share above the baseline's by at least"),
        default=0.2,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )

    class Meta:
        verbose_name = _("Listening")

    def recipients(self) -> list[str]:
        return [line.strip() for line in self.report_recipients.splitlines() if line.strip()]


class VoiceReport(models.Model):
    """A voice-of-the-community report that went out (each period is sent once)."""

    class Period(models.TextChoices):
        WEEK = "week", _("Weekly")
        MONTH = "month", _("Monthly")

    period = models.CharField(max_length=8, choices=Period.choices)
    start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "start"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.start}"
