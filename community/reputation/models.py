"""Reputation: the append-only ledger of events, the rules the community manager edits, where
each member stands, level changes and the cases the anti-gaming job caught.

A member's points and level (on ``Standing``) are derived from the ledger and can be rebuilt
from it at any time (``manage.py rebuild_reputation``).

These are models of the ``community`` app: ``community.models`` imports them, which is what
registers them with Django (app label ``community``), and the rest of the app reads them there.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class Level(models.IntegerChoices):
    NEWCOMER = 0, _("Newcomer")
    MEMBER = 1, _("Member")
    CONTRIBUTOR = 2, _("Contributor")
    REGULAR = 3, _("Regular")
    AMBASSADOR = 4, _("Ambassador")


def _level_field(default: int, label: str):
    return models.PositiveSmallIntegerField(label, choices=Level.choices, default=default)


@register_setting(icon="pick")
class ReputationRules(BaseGenericSetting):
    """Points, caps, level thresholds and privileges (Settings > Reputation rules). The
    defaults are PRODUCT.md's reference numbers."""

    # Points per event.
    vote_on_answer = models.SmallIntegerField(_("helpful vote on an answer"), default=10)
    vote_on_question = models.SmallIntegerField(_("helpful vote on a question"), default=5)
    accepted_answer = models.SmallIntegerField(_("accepted answer"), default=15)
    accepted_asker = models.SmallIntegerField(_("accepting an answer (to the asker)"), default=2)
    official_answer = models.SmallIntegerField(
        _("answer endorsed as the official answer"), default=10
    )
    removed_as_spam = models.SmallIntegerField(_("post removed as spam"), default=-100)
    flag_upheld = models.SmallIntegerField(_("flag upheld by the moderators"), default=2)
    article_published = models.SmallIntegerField(_("article published"), default=20)
    # Caps and who may give points.
    daily_vote_points = models.PositiveIntegerField(
        _("points a member can earn from votes in a day"),
        default=200,
        help_text=_("Accepted answers are not counted against it."),
    )
    pair_daily_points = models.PositiveIntegerField(
        _("points one voter can give one author in a day"), default=30
    )
    voter_min_age_days = models.PositiveSmallIntegerField(
        _("days an account must exist before its votes give points"), default=3
    )
    voter_min_level = _level_field(Level.MEMBER, _("level a voter needs for their votes to count"))
    # Levels.
    active_window_days = models.PositiveSmallIntegerField(
        _("activity window (days)"),
        default=90,
        help_text=_("Posts in this many past days count as recent activity."),
    )
    clean_record_days = models.PositiveSmallIntegerField(
        _("clean record (days)"),
        default=90,
        help_text=_("No sanction and no post removed as spam in this many past days."),
    )
    contributor_points = models.PositiveIntegerField(_("contributor: points"), default=50)
    contributor_days = models.PositiveSmallIntegerField(
        _("contributor: days since joining"), default=7
    )
    contributor_posts = models.PositiveSmallIntegerField(_("contributor: recent posts"), default=1)
    regular_points = models.PositiveIntegerField(_("regular: points"), default=250)
    regular_days = models.PositiveSmallIntegerField(_("regular: days since joining"), default=30)
    regular_posts = models.PositiveSmallIntegerField(_("regular: recent posts"), default=5)
    candidate_points = models.PositiveIntegerField(_("ambassador candidate: points"), default=1000)
    candidate_days = models.PositiveSmallIntegerField(
        _("ambassador candidate: days since joining"), default=90
    )
    candidate_posts = models.PositiveSmallIntegerField(
        _("ambassador candidate: recent posts"), default=10
    )
    candidate_authenticity = models.PositiveSmallIntegerField(
        _("ambassador candidate: authenticity (%)"), default=60
    )
    candidate_cooldown_days = models.PositiveSmallIntegerField(
        _("days before a declined candidate is proposed again"), default=90
    )
    # Privileges.
    no_premoderation_level = _level_field(Level.MEMBER, _("posts without pre-moderation from"))
    links_images_level = _level_field(Level.MEMBER, _("links and images from"))
    flag_weight_level = _level_field(Level.REGULAR, _("flags weigh double from"))
    edit_tags_level = _level_field(Level.REGULAR, _("editing the tags of any question from"))
    # Anti-gaming.
    serial_votes = models.PositiveSmallIntegerField(
        _("serial voting: votes from one member to one author"), default=5
    )
    serial_window_hours = models.PositiveSmallIntegerField(
        _("serial voting: within (hours)"), default=24
    )
    ring_window_days = models.PositiveSmallIntegerField(_("vote rings: over (days)"), default=30)
    ring_pair_votes = models.PositiveSmallIntegerField(
        _("vote rings: votes each way between two members"), default=3
    )
    ring_share = models.PositiveSmallIntegerField(
        _("vote rings: share of a member's votes inside the ring (%)"), default=60
    )
    puppet_burst_minutes = models.PositiveSmallIntegerField(
        _("sock puppets: accounts created from one network within (minutes)"), default=60
    )
    established_days = models.PositiveSmallIntegerField(
        _("authenticity: an established voter's account age (days)"), default=30
    )
    voter_authentic_points = models.PositiveIntegerField(
        _("authenticity: most points one voter counts for"), default=50
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("vote_on_answer"),
                FieldPanel("vote_on_question"),
                FieldPanel("accepted_answer"),
                FieldPanel("accepted_asker"),
                FieldPanel("official_answer"),
                FieldPanel("removed_as_spam"),
                FieldPanel("flag_upheld"),
                FieldPanel("article_published"),
            ],
            heading=_("Points per event"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("daily_vote_points"),
                FieldPanel("pair_daily_points"),
                FieldPanel("voter_min_age_days"),
                FieldPanel("voter_min_level"),
            ],
            heading=_("Caps"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("active_window_days"),
                FieldPanel("clean_record_days"),
                FieldPanel("contributor_points"),
                FieldPanel("contributor_days"),
                FieldPanel("contributor_posts"),
                FieldPanel("regular_points"),
                FieldPanel("regular_days"),
                FieldPanel("regular_posts"),
            ],
            heading=_("Levels"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("candidate_points"),
                FieldPanel("candidate_days"),
                FieldPanel("candidate_posts"),
                FieldPanel("candidate_authenticity"),
                FieldPanel("candidate_cooldown_days"),
            ],
            heading=_("Ambassador programme"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("no_premoderation_level"),
                FieldPanel("links_images_level"),
                FieldPanel("flag_weight_level"),
                FieldPanel("edit_tags_level"),
            ],
            heading=_("Privileges"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("serial_votes"),
                FieldPanel("serial_window_hours"),
                FieldPanel("ring_window_days"),
                FieldPanel("ring_pair_votes"),
                FieldPanel("ring_share"),
                FieldPanel("puppet_burst_minutes"),
                FieldPanel("established_days"),
                FieldPanel("voter_authentic_points"),
            ],
            heading=_("Anti-gaming"),
        ),
    ]

    class Meta:
        verbose_name = _("reputation rules")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.regular_points < self.contributor_points:
            errors["regular_points"] = _(
                "A regular needs at least as many points as a contributor."
            )
        if self.candidate_points < self.regular_points:
            errors["candidate_points"] = _(
                "An ambassador candidate needs at least as many points as a regular."
            )
        for name in (
            "vote_on_answer",
            "vote_on_question",
            "accepted_answer",
            "accepted_asker",
            "official_answer",
            "flag_upheld",
            "article_published",
        ):
            if getattr(self, name) < 0:
                errors[name] = _("Points for helping cannot be negative.")
        if self.removed_as_spam > 0:
            errors["removed_as_spam"] = _("A post removed as spam cannot earn points.")
        if self.candidate_authenticity > 100 or self.ring_share > 100:
            errors["ring_share" if self.ring_share > 100 else "candidate_authenticity"] = _(
                "A share is at most 100 %."
            )
        if errors:
            raise ValidationError(errors)


class Standing(models.Model):
    """Where a member stands in the community: their points and level (derived from the
    reputation ledger), and what new-member limits still apply.

    A member is new (level 0) until one of their posts has been approved or published.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="standing",
    )
    approved_posts = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(default=0)
    # The sum of the member's reputation ledger (rebuilt by `manage.py rebuild_reputation`).
    points = models.IntegerField(default=0, db_index=True)
    level_changed_at = models.DateTimeField(null=True, blank=True)
    # The ambassador programme: promoted by the community manager (None: not an ambassador).
    ambassador_since = models.DateTimeField(null=True, blank=True, db_index=True)
    candidate_declined_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the network the account signed up from (never the address itself): the
    # sock-puppet check compares accounts by it.
    signup_network = models.CharField(max_length=32, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: level {self.level}"

    @property
    def is_ambassador(self) -> bool:
        return self.ambassador_since is not None


class ReputationEvent(models.Model):
    """One line of the ledger. Never edited: taking something back writes a compensating event
    (``reverses`` points at the line it cancels, with the opposite points)."""

    class Kind(models.TextChoices):
        VOTE_ANSWER = "vote_answer", _("Helpful vote on an answer")
        VOTE_QUESTION = "vote_question", _("Helpful vote on a question")
        ACCEPTED = "accepted", _("Answer accepted")
        ACCEPTED_ASKER = "accepted_asker", _("Accepted an answer")
        OFFICIAL = "official", _("Official answer")
        SPAM = "spam", _("Post removed as spam")
        FLAG_UPHELD = "flag_upheld", _("Flag upheld")
        ARTICLE = "article", _("Article published")
        SANCTION = "sanction", _("Sanction")
        SEED = "seed", _("Earlier history")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events"
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    points = models.IntegerField(_("points"))
    # Why these points (a code the page translates): "awarded", "withdrawn", "daily_cap"...
    reason = models.CharField(_("why"), max_length=24)
    # Who caused it: the voter, the asker who accepted, the moderator.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Which post (plain ids: the ledger outlives the posts it speaks of).
    post_kind = models.CharField(max_length=16, blank=True)
    post_id = models.PositiveBigIntegerField(null=True, blank=True)
    thread_id = models.PositiveBigIntegerField(null=True, blank=True)
    # What award this is (e.g. "vote:12:answer:34"); at most one live award per key.
    key = models.CharField(max_length=80, db_index=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reputation event")
        verbose_name_plural = _("reputation events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["actor", "user", "created_at"]),
        ]
        permissions = [
            ("view_reputation_report", _("Can read the reputation report and authenticity")),
            ("manage_ambassadors", _("Can promote, decline and revoke ambassadors")),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.points:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("The reputation ledger is append-only: write a compensating event.")
        super().save(*args, **kwargs)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class LevelChange(models.Model):
    """A member moved from one level to another, and why (never silent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_changes"
    )
    from_level = models.PositiveSmallIntegerField(choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices)
    # "points", "activity", "record", "promoted", "revoked", "rules"...
    reason = models.CharField(max_length=24)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.from_level} → {self.to_level}"

    @property
    def is_loss(self) -> bool:
        return self.to_level < self.from_level


class GamingCase(models.Model):
    """What the nightly anti-gaming job found: serial voting and vote rings (their points are
    reversed at once), suspected sock puppets (sent to the moderators)."""

    class Kind(models.TextChoices):
        SERIAL = "serial", _("Serial voting")
        RING = "ring", _("Vote ring")
        PUPPETS = "puppets", _("Suspected sock puppets")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    # A stable description of the case, so a second run does not report it again.
    key = models.CharField(max_length=200, unique=True)
    evidence = models.JSONField(default=dict, blank=True)
    votes = models.PositiveIntegerField(default=0)
    points_reversed = models.IntegerField(default=0)
    detected_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("gaming case")
        verbose_name_plural = _("gaming cases")
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"


LIVE_AWARD = Q(reverses__isnull=True, reversal__isnull=True)
