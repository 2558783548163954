"""A short-lived cache of public pages as anonymous visitors see them.

Most readers of a community are anonymous and read the same pages. Their GETs are served from
the cache for ``AGORA_ANON_CACHE_SECONDS``; a signed-in member (any session cookie) always gets
a fresh page. Publishing a page or changing the brand bumps a version that is part of every
key, so editors see their change at once. A thread has its own version too (its scope is the
address prefix ``/questions/<id>/``): a new answer, vote or edit refreshes that thread at
once, while listings may be up to the TTL old for visitors.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

VERSION_KEY = "pagecache:version"
NEVER_CACHED = (
    "/admin/",
    "/accounts/",
    "/django-admin/",
    "/healthz",
    "/ping",
    "/i18n/",
    "/documents/",
    "/search/",
    "/media/",
    "/static/",
)


def bump_version(**kwargs) -> None:
    """Make every cached page stale (a page was published, the brand changed, ...)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def current_version() -> int:
    return cache.get(VERSION_KEY) or 0


def scope_of(path: str) -> str:
    """The first two segments of an address: ``/questions/12/some-slug/`` → ``/questions/12/``."""
    parts = [p for p in path.split("/") if p][:2]
    return "/" + "".join(f"{p}/" for p in parts)


def _scope_key(scope: str) -> str:
    return "pagecache:scope:" + hashlib.blake2s(scope.encode(), digest_size=12).hexdigest()


def bump_scope(scope: str) -> None:
    """Make the cached copies of every address under ``scope`` stale (a thread changed)."""
    key = _scope_key(scope)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def _key(request: HttpRequest, language: str, version: str) -> str:
    digest = hashlib.blake2s(request.get_full_path().encode(), digest_size=12).hexdigest()
    return f"pagecache:{version}:{language}:{request.get_host()}:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    # Only plain addresses and page numbers: arbitrary query strings would let anyone fill
    # the cache with copies of the same page.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED)
        and set(request.GET) <= {"page"}
        and len(request.GET.getlist("page")) <= 1
    )


def _cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and "private" not in cache_control
        and "no-cache" not in cache_control
        and "no-store" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.AGORA_ANON_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        language = translation.get_language()
        scope_key = _scope_key(scope_of(request.path))
        versions = cache.get_many([VERSION_KEY, scope_key])
        version = f"{versions.get(VERSION_KEY, 0)}.{versions.get(scope_key, 0)}"
        key = _key(request, language, version)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Agora-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [
                (k, v)
                for k, v in response.items()
                if k.lower() in ("content-type", "content-language", "vary")
            ]
            cache.set(key, (response.content, headers), seconds)
            response["X-Agora-Cache"] = "miss"
        return response
