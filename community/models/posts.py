"""Questions, answers and comments, their revisions, images and helpful votes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from hub.uploads import stored_name

from .. import sentiment


class PostState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for moderation")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")


class Tone(models.TextChoices):
    """What a post says, as the listening dashboard and the reports sort it."""

    PRAISE = "praise", _("Praise")
    COMPLAINT = "complaint", _("Complaint")
    WISH = "wish", _("Wish")
    NEUTRAL = "neutral", _("Neutral")


class Tag(models.Model):
    """A free label on questions, e.g. "5g" or "roaming". Names are lowercase slugs."""

    name = models.SlugField(_("name"), max_length=40, unique=True, allow_unicode=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:tag-detail", args=[self.name])


class Post(models.Model):
    """What questions, answers and comments share: an author, a Markdown body rendered once on
    save, a moderation state and a soft deletion by the author."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("body"))
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    state = models.CharField(
        _("state"), max_length=16, choices=PostState.choices, default=PostState.PUBLISHED
    )
    # Denormalised: state is published and the author has not deleted it (rebuilt by
    # `manage.py rebuild_community_counters`).
    is_public = models.BooleanField(default=True, editable=False)
    by_brand = models.BooleanField(
        _("written by a brand voice"),
        default=False,
        help_text=_("The author spoke for the brand when this was posted."),
    )
    personal = models.BooleanField(
        _("personal opinion"),
        default=False,
        help_text=_("A brand voice said this is their own view, not the brand's position."),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # A token the form carries: the same submission sent twice creates one post.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)
    # Read from the text whenever it is saved (community.sentiment): -1 … +1, the tone it
    # makes of it, and the language it found.
    sentiment = models.FloatField(null=True, blank=True, editable=False)
    tone = models.CharField(max_length=10, choices=Tone.choices, blank=True, editable=False)
    language = models.CharField(max_length=5, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.is_public = self.state == PostState.PUBLISHED and self.deleted_at is None
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body_text" in update_fields:
            self.read_tone()
            if update_fields is not None:
                update_fields = kwargs["update_fields"] = {
                    *update_fields,
                    "sentiment",
                    "tone",
                    "language",
                }
        if update_fields is not None and (
            "state" in update_fields or "deleted_at" in update_fields
        ):
            kwargs["update_fields"] = {*update_fields, "is_public"}
        super().save(*args, **kwargs)

    def sentiment_text(self) -> str:
        return self.body_text

    def read_tone(self) -> None:
        reading = sentiment.read(self.sentiment_text())
        self.sentiment, self.tone, self.language = reading.score, reading.tone, reading.language

    @property
    def is_pending(self) -> bool:
        return self.state == PostState.PENDING

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Question(index.Indexed, Post):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80, allow_unicode=True, editable=False)
    topic = models.ForeignKey(
        "community.TopicPage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="questions",
        verbose_name=_("topic"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="questions"
    )
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    answer_count = models.PositiveIntegerField(default=0, editable=False)
    accepted_answer = models.ForeignKey(
        "community.Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    official_answer = models.ForeignKey(
        "community.Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    official_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    official_at = models.DateTimeField(null=True, blank=True)
    has_brand_answer = models.BooleanField(default=False, editable=False)
    last_activity_at = models.DateTimeField(db_index=True)
    # Moderation: a locked thread takes no new answers or comments; a pinned one is listed
    # first in its topic; a merged duplicate redirects to the question it duplicated.
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True, editable=False)
    pinned_at = models.DateTimeField(_("pinned"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # Set when the thread changed and Elasticsearch has not seen the change yet.
    search_dirty = models.BooleanField(default=False, editable=False, db_index=True)

    # Indexed by a task after commit (community.tasks.index_thread), not inside the request.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("body_text"),
        index.FilterField("is_public"),
        index.FilterField("topic_id"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["is_public", "-last_activity_at"]),
            models.Index(fields=["is_public", "-created_at"]),
            models.Index(fields=["topic", "is_public", "-last_activity_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="question_submitted_once"
            )
        ]
        permissions = [
            ("moderate_posts", _("Can see and approve posts waiting for moderation")),
            ("mark_official", _("Can mark an official brand answer")),
            ("speak_for_brand", _("Speaks for the brand (posts carry the brand badge)")),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title, allow_unicode=True)[:80] or "question"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("community:question-detail", args=[self.pk, self.slug])

    def sentiment_text(self) -> str:
        return f"{self.title}\n{self.body_text}"

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def cache_scope(self) -> str:
        """The address prefix whose cached anonymous copies go stale when the thread changes."""
        return f"/questions/{self.pk}/"


class Answer(index.Indexed, Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="answers"
    )
    helpful_count = models.PositiveIntegerField(default=0, editable=False)

    search_auto_update = False
    search_fields = [
        index.SearchField("body_text"),
        index.FilterField("is_public"),
        index.FilterField("question_id"),
    ]

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="answer_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return _("Answer to “%(title)s”") % {"title": self.question.title}

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"


class Comment(Post):
    """A short remark on a question (answer is empty) or on one of its answers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="community_comments",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="comment_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return self.body_text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#comment-{self.pk}"


class PostRevision(models.Model):
    """An earlier version of a post, kept when its author (or a moderator) edits it."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")
        COMMENT = "comment", _("Comment")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    tags = models.CharField(max_length=400, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} @ {self.created_at:%Y-%m-%d %H:%M}"


def post_image_path(instance: PostImage, filename: str) -> str:
    return stored_name(f"posts/{instance.owner_id}", filename)


class PostImage(models.Model):
    """An image attached to a question or an answer, cleaned by the hub's upload pipeline."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    image = models.ImageField(upload_to=post_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description of the image"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class HelpfulVote(models.Model):
    """ "This helped me": one per member per post, never on one's own post (both enforced by the
    database, so concurrent clicks cannot double-count)."""

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["voter", "question"],
                condition=Q(question__isnull=False),
                name="one_vote_per_question",
            ),
            models.UniqueConstraint(
                fields=["voter", "answer"],
                condition=Q(answer__isnull=False),
                name="one_vote_per_answer",
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=True, answer__isnull=False)
                | Q(question__isnull=False, answer__isnull=True),
                name="vote_on_one_post",
            ),
            models.CheckConstraint(
                condition=~Q(voter=models.F("recipient")), name="no_vote_on_own_post"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.question_id or self.answer_id}"
