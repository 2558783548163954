"""Comments on expert articles, kept by django-comments-xtd: posting one at the member's usual
pace (a new member's waits for a moderator), and a moderator approving or removing it. Reading
and rendering the comment tree is in ``experts.comments``."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd import views as xtd_views  # noqa: F401 (connects the library's posting receivers)
from django_comments_xtd.models import XtdComment

from community import limits
from community.forms import strip_controls
from community.permissions import can_moderate
from hub.permissions import check_can_post
from hub.tasks import enqueue

from .. import notify, signals
from ..comments import article_comments
from ..models import ArticlePage


class DuplicateComment(Exception):
    def __init__(self, comment: XtdComment | None):
        super().__init__("duplicate comment")
        self.comment = comment


def _check_comment_pace(author) -> None:
    """Article comments keep the same pace as every other post of the member."""
    applying = limits.limits_for(author)
    if applying:
        limits.hold_member(author)
        last = (
            XtdComment.objects.filter(user=author)
            .order_by("-submit_date")
            .values_list("submit_date", flat=True)
            .first()
        )
        limits.check_pace(last, applying["seconds_between_posts"])


def post_article_comment(article: ArticlePage, *, author, form, request) -> XtdComment:
    """Store a member's comment through django-comments-xtd (its moderation hooks decide
    whether it waits for a moderator). The same text sent twice within a minute is stored
    once: DuplicateComment carries the first one."""
    check_can_post(author)
    if not article.allow_comments or not article.live:
        raise PermissionDenied(_("Comments are closed on this article."))
    text = strip_controls(form.cleaned_data["comment"]).strip()
    if len(text) < 2:
        raise ValidationError(_("Write a little more."))
    if len(text) > settings.AGORA_MAX_COMMENT_CHARS:
        raise ValidationError(
            _("Keep comments under %(n)d characters.") % {"n": settings.AGORA_MAX_COMMENT_CHARS}
        )
    key = (
        "experts:comment:"
        + hashlib.blake2s(f"{author.pk}:{article.pk}:{text}".encode(), digest_size=12).hexdigest()
    )
    recent = (
        article_comments(article)
        .filter(user=author, comment=text, submit_date__gte=timezone.now() - timedelta(minutes=1))
        .first()
    )
    if recent is not None or cache.add(key, 1, 60) is False:
        raise DuplicateComment(recent)
    # The pace check and the save are one transaction holding the member's row: parallel
    # comments are checked one after the other, each seeing the one saved before it.
    with transaction.atomic():
        _check_comment_pace(author)
        comment = form.get_comment_object(site_id=settings.SITE_ID)
        comment.comment = text
        comment.user = author
        comment.user_name = author.get_username()[:50]
        comment.user_email = author.email
        comment.ip_address = None  # not kept: the hub does not store members' addresses
        comment.followup = False  # replies are told by the hub's own mail, through Celery
        for _receiver, response in comment_will_be_posted.send(
            sender=comment.__class__, comment=comment, request=request
        ):
            if response is False:
                raise PermissionDenied(_("This comment cannot be posted."))
        comment.save()
        comment_was_posted.send(sender=comment.__class__, comment=comment, request=request)
    stored = comment.xtd_comment
    if stored is None:
        raise PermissionDenied(_("This comment cannot be posted."))
    signals.article_comment_posted.send(
        XtdComment, comment=stored, article=article, pending=not stored.is_public
    )
    enqueue(notify.notify_article_comment, stored.pk)
    return stored


def needs_moderation(user) -> bool:
    """Comments by new members wait for a moderator, like their first posts."""
    return limits.waits_for_moderation(user)


@transaction.atomic
def approve_article_comment(comment: XtdComment, *, by) -> XtdComment:
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can approve comments."))
    # The library's manager joins users and content types; lock the comment row alone.
    comment = XtdComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    if comment.is_public:
        return comment
    comment.is_public = True
    comment.save()
    enqueue(notify.notify_article_comment, comment.pk)
    signals.article_comment_moderated.send(XtdComment, comment=comment, by=by, approved=True)
    return comment


@transaction.atomic
def reject_article_comment(comment: XtdComment, *, by) -> bool:
    """Remove a comment from an article (the library keeps the row, flagged as removed, so
    replies keep their place). False when it was removed already."""
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can remove comments."))
    comment = XtdComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    if comment.is_removed:
        return False
    comment.is_removed = True
    comment.is_public = False
    comment.save()
    signals.article_comment_moderated.send(XtdComment, comment=comment, by=by, approved=False)
    return True
