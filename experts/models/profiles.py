"""Expert profiles: who speaks for the brand, verified by the community manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.identity import initials_of
from hub.uploads import stored_name

# Slugs the experts' own addresses use under /experts/; no expert's page may take them.
RESERVED_SLUGS = {"apply", "inbox", "routes", "follow", "articles", "feed", "new", "profile"}


def photo_path(instance: ExpertProfile, filename: str) -> str:
    return stored_name(f"experts/{instance.user_id}", filename)


class ExpertProfile(models.Model):
    """A brand voice's public identity: an expert (with a section of the site and routed
    questions) or a member of the community team (moderators, the community manager)."""

    class Kind(models.TextChoices):
        EXPERT = "expert", _("Expert")
        STAFF = "staff", _("Community team")

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        VERIFIED = "verified", _("Verified")
        DECLINED = "declined", _("Declined")
        SUSPENDED = "suspended", _("Suspended")
        DEPARTED = "departed", _("Departed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.EXPERT)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.APPLIED, db_index=True
    )
    real_name = models.CharField(_("real name"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=120)
    department = models.CharField(_("department"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), max_length=3000, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    topics = models.ManyToManyField(
        "community.TopicPage", blank=True, related_name="+", verbose_name=_("topics")
    )
    tags = models.ManyToManyField(
        "community.Tag", blank=True, related_name="+", verbose_name=_("tags")
    )
    motivation = models.TextField(_("why you apply"), max_length=3000, blank=True)
    # How the applicant showed they work for the company (company email, company sign-in).
    employee_evidence = models.CharField(_("employee evidence"), max_length=200, blank=True)
    review_articles = models.BooleanField(
        _("articles need review"),
        default=False,
        help_text=_("The community manager approves this expert's articles before publication."),
    )
    away = models.BooleanField(
        _("away"), default=False, help_text=_("Away experts receive no routed questions.")
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    departed_at = models.DateTimeField(null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["real_name"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        permissions = [("verify_expert", "Can verify, decline, suspend and retire experts")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")), name="expert_not_own_successor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.real_name} ({self.job_title})" if self.job_title else self.real_name

    @property
    def is_verified(self) -> bool:
        return self.state == self.State.VERIFIED

    @property
    def speaks_publicly(self) -> bool:
        """Verified voices, and departed ones for what they wrote before leaving."""
        return self.state in (self.State.VERIFIED, self.State.DEPARTED)

    @property
    def initials(self) -> str:
        return initials_of(self.real_name)


class ProfileEvent(models.Model):
    """The history of a profile: who applied, verified, declined, suspended, retired it, and why."""

    class Action(models.TextChoices):
        APPLIED = "applied", _("Applied")
        VERIFIED = "verified", _("Verified")
        DECLINED = "declined", _("Declined")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        DEPARTED = "departed", _("Departed")

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.profile_id}"


class ExpertFollow(models.Model):
    """A member follows an expert (and hears who takes over when the expert leaves)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "expert"], name="follow_expert_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows expert {self.expert_id}"


class TopicTeam(models.Model):
    """The experts who take a topic's questions when nobody's areas match."""

    topic = models.OneToOneField(
        "community.TopicPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
    )
    experts = models.ManyToManyField(
        ExpertProfile,
        related_name="teams",
        verbose_name=_("experts"),
        limit_choices_to={"kind": ExpertProfile.Kind.EXPERT},
    )

    class Meta:
        verbose_name = _("topic's default team")
        verbose_name_plural = _("topics' default teams")

    def __str__(self) -> str:
        return str(self.topic)
