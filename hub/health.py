"""Liveness and readiness checks for /healthz: database, cache, broker and search.

Liveness answers without touching anything. Readiness opens a broker connection and runs a
search query, so its report is kept for ``AGORA_HEALTH_CACHE_SECONDS``: a load balancer probing
every second costs each service one check per interval and process, not one per probe.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection
from elasticsearch import Elasticsearch
from kombu import Connection
from wagtail.models import Page


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **check()}
    except Exception as exc:  # a health check reports failures, it never raises
        result = {"ok": False, "error": exc.__class__.__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return {"mode": "eager"}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"mode": "broker"}


def check_search() -> dict:
    if settings.ELASTICSEARCH_URL:
        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=settings.ELASTICSEARCH_TIMEOUT
        )
        if not client.ping():
            raise ConnectionError("Elasticsearch did not answer")
        return {"backend": "elasticsearch"}
    list(Page.objects.live().search("healthz")[:1])
    return {"backend": "database"}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
}


def liveness() -> tuple[int, dict]:
    """The process answers requests: nothing else is checked."""
    return 200, {"status": "alive"}


def run_checks() -> tuple[int, dict]:
    """Return (HTTP status, report). Without its database the hub is not ready (503); with
    cache, broker or search down it still serves and records posts, so it reports degraded."""
    results = {name: _timed(check) for name, check in CHECKS.items()}
    if not results["database"]["ok"]:
        status = "down"
    elif all(r["ok"] for r in results.values()):
        status = "ok"
    else:
        status = "degraded"
    return (503 if status == "down" else 200), {"status": status, "checks": results}


# The last readiness report of this process: (monotonic time it was made, status, report).
_last: tuple[float, int, dict] | None = None
_lock = threading.Lock()
# Settings the checks read: changing one makes the last report stale.
_CHECKED_SETTINGS = {
    "AGORA_HEALTH_CACHE_SECONDS",
    "CACHES",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "DATABASES",
    "ELASTICSEARCH_URL",
}


def readiness() -> tuple[int, dict]:
    """The readiness report, made at most once per ``AGORA_HEALTH_CACHE_SECONDS`` in this
    process; concurrent probes of an expired report wait for one run of the checks."""
    global _last
    ttl = settings.AGORA_HEALTH_CACHE_SECONDS
    with _lock:
        now = time.monotonic()
        if _last is None or now - _last[0] >= ttl:
            status, report = run_checks()
            _last = (time.monotonic(), status, report)
        made_at, status, report = _last
    return status, {**report, "age": round(time.monotonic() - made_at, 1)}


def forget() -> None:
    """Drop the kept report: the next probe runs the checks."""
    global _last
    with _lock:
        _last = None


def _forget_on_setting_change(*, setting, **kwargs) -> None:
    if setting in _CHECKED_SETTINGS:
        forget()


setting_changed.connect(_forget_on_setting_change, dispatch_uid="hub.health.forget")
