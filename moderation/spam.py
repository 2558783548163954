"""Spam checks that run on a post before it is saved (see community.limits). Each returns a
reason to hold the post for the moderators, or None. They read the database only: a check
that cannot answer holds the post, it never loses it."""

from __future__ import annotations

from datetime import timedelta

import akismet
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from community.models import Answer, Comment, Question

MODELS = (Question, Answer, Comment)


def repeated_text(post) -> str | None:
    """The same text again: the author posted it elsewhere today, or two other members did
    (a copy-paste campaign). Short replies ("Thanks!") are left alone."""
    text = " ".join(post.body_text.split())
    if len(text) < settings.AGORA_SPAM_MIN_REPEATED_CHARS:
        return None
    since = timezone.now() - timedelta(days=1)
    authors = set()
    for model in MODELS:
        authors.update(
            model.objects.filter(body_text=post.body_text, created_at__gte=since)
            .values_list("author_id", flat=True)
            .distinct()[:5]
        )
    if post.author_id in authors or len(authors - {post.author_id}) >= 2:
        return "spam:repeated"
    return None


def faster_than_typing(post) -> str | None:
    """More characters than a person types since the member's last sign-in or post."""
    author = post.author
    chars = len(post.body_text)
    if author is None or chars < settings.AGORA_SPAM_MIN_TYPED_CHARS:
        return None
    moments = [author.date_joined, author.last_login]
    for model in MODELS:
        moments.append(model.objects.filter(author=author).aggregate(m=Max("created_at"))["m"])
    started = max(m for m in moments if m is not None)
    seconds = max((timezone.now() - started).total_seconds(), 1)
    if chars / seconds > settings.AGORA_SPAM_CHARS_PER_SECOND:
        return "spam:too_fast"
    return None


def akismet_client(http_client=None) -> akismet.SyncClient:
    """A client of the Akismet service for the configured key and site (tests pass their
    own HTTP transport)."""
    config = akismet.Config(key=settings.AKISMET_API_KEY, url=settings.AKISMET_SITE_URL)
    return akismet.SyncClient(config=config, http_client=http_client)


def akismet_check(post, client: akismet.SyncClient | None = None) -> str | None:
    """Ask Akismet when a key is configured. It answers within its client's timeout; an error
    or a timeout raises, and the caller then holds the post for a moderator."""
    if not settings.AKISMET_API_KEY:
        return None
    request = context.request
    ip = get_adapter().get_client_ip(request) if request is not None else "127.0.0.1"
    author = post.author
    verdict = (client or akismet_client()).comment_check(
        user_ip=ip,
        user_agent=request.META.get("HTTP_USER_AGENT", "") if request is not None else "",
        comment_type="forum-post" if isinstance(post, Question) else "reply",
        comment_author=getattr(author, "username", ""),
        comment_author_email=getattr(author, "email", ""),
        comment_content=post.body_text,
        blog_lang=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        is_test=int(settings.AKISMET_TEST_MODE),
    )
    return "spam:akismet" if verdict else None


def checks(post) -> str | None:
    """Every check, in order of cost; the first reason found holds the post."""
    if not settings.AGORA_SPAM_CHECKS:
        return None
    return repeated_text(post) or faster_than_typing(post) or akismet_check(post)
