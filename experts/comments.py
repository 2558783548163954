"""Threaded comments on expert articles, kept by django-comments-xtd.

The library stores the comments, threads them (``thread_id``/``parent_id``/``level``/``order``),
checks the form's security hash and runs the moderation hooks. This module reads a whole
article's comments in one query and renders the tree in Python (an article may carry hundreds),
with the same byline as the rest of the hub: a brand voice's real name, photo and title.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_comments import get_form
from django_comments_xtd.models import XtdComment

from community.templatetags.community_tags import byline, escape
from hub.identity import identities_for
from hub.permissions import can_post

USER_FIELDS = (
    "user__id",
    "user__username",
    "user__is_active",
    "user__profile__display_name",
    "user__profile__avatar",
    "user__profile__anonymised_at",
)


def article_comments(article):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(article)),
        object_pk=str(article.pk),
        site_id=settings.SITE_ID,
    )


def comments_for(article, user, *, moderator: bool) -> list[XtdComment]:
    """The comments this person may see, in thread order: published ones, their own pending
    ones, and every pending one for moderators. Removed comments keep their place."""
    rows = (
        article_comments(article)
        .select_related(None)
        .select_related("user__profile")
        .only(
            "pk",
            "comment",
            "submit_date",
            "is_public",
            "is_removed",
            "level",
            "parent_id",
            "thread_id",
            "order",
            "user_id",
            *USER_FIELDS,
        )
        .order_by("thread_id", "order")
    )
    visible = []
    for comment in rows:
        if comment.is_public or moderator or (user.is_authenticated and comment.user_id == user.pk):
            visible.append(comment)
    identities = identities_for(c.user_id for c in visible)
    for comment in visible:
        comment.identity = identities.get(comment.user_id)
    return visible


def comment_form(article, reply_to: int = 0):
    form = get_form()(article)
    form.initial["reply_to"] = reply_to
    return form


def security_fields(form) -> SafeString:
    fields = ("content_type", "object_pk", "timestamp", "security_hash")
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(form.initial.get(name, ""))}">'
        for name in fields
    )
    return mark_safe(hidden + '<input type="hidden" name="followup" value="">')


def _text(comment: XtdComment) -> str:
    paragraphs = [p for p in comment.comment.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def comments_html(request, article, comments: list[XtdComment], *, moderator: bool) -> SafeString:
    """The comment tree as nested lists, with a reply form under each comment that can still
    take replies, and the approve button for moderators on pending ones."""
    if not comments:
        return mark_safe("")
    user = request.user
    may_post = can_post(user) and article.allow_comments
    max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        if user.is_authenticated
        else ""
    )
    security = security_fields(comment_form(article)) if may_post else ""
    post_url = reverse("experts:article-comment", args=[article.pk])
    approve_url = reverse("experts:comment-approve", args=[987654321])
    words = {
        "reply": escape(_("Reply")),
        "your_reply": escape(_("Your reply")),
        "send": escape(_("Send reply")),
        "pending": escape(_("Waiting for moderation")),
        "removed": escape(_("This comment was removed.")),
        "approve": escape(_("Approve")),
    }
    out: list[str] = ['<ol class="article-comments">']
    depth = 0
    for index, c in enumerate(comments):
        level = c.level
        if index:
            if level > depth:
                out.append('<ol class="comment-replies">' * (level - depth))
            else:
                out.append("</li>" + "</ol></li>" * (depth - level))
        depth = level
        author = SimpleNamespace(
            author=c.user,
            by_brand=c.identity is not None,
            identity=c.identity,
            created_at=c.submit_date,
            personal=False,
        )
        body = f'<p class="deleted">{words["removed"]}</p>' if c.is_removed else _text(c)
        extra = ""
        if not c.is_public:
            extra = f' <span class="badge badge-pending">{words["pending"]}</span>'
            if moderator:
                extra += (
                    f'<form method="post" action="{approve_url.replace("987654321", str(c.pk))}" '
                    f'class="inline-form">{csrf}<button type="submit" class="link-button">'
                    f"{words['approve']}</button></form>"
                )
        reply = ""
        if may_post and c.is_public and not c.is_removed and level < max_level:
            reply = (
                f'<details class="comment-form"><summary>{words["reply"]}</summary>'
                f'<form method="post" action="{post_url}" class="stack-form">{csrf}{security}'
                f'<input type="hidden" name="reply_to" value="{c.pk}">'
                f'<label for="reply-{c.pk}">{words["your_reply"]}</label>'
                f'<textarea id="reply-{c.pk}" name="comment" rows="3" maxlength="'
                f'{settings.AGORA_MAX_COMMENT_CHARS}" required></textarea>'
                f'<button type="submit" class="button">{words["send"]}</button></form></details>'
            )
        pending = "" if c.is_public else " is-pending"
        out.append(
            f'<li id="c{c.pk}" class="article-comment{pending}">'
            f'<p class="post-meta">{byline(author, 24)}{extra}</p>'
            f'<div class="comment-body">{body}</div>{reply}'
        )
    out.append("</li>" + "</ol></li>" * depth + "</ol>")
    return mark_safe("".join(out))
