"""Signed webhooks: ``X-Agora-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``,
the scheme most webhook senders use. A signature older than
``AGORA_SUPPORT_TOLERANCE_SECONDS`` is refused, whatever its digest."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings

HEADER = "X-Agora-Signature"


class BadSignature(Exception):
    pass


def sign(body: bytes, secret: str, *, at: int | None = None) -> str:
    at = int(at if at is not None else time.time())
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def verify(body: bytes, header: str, secret: str, *, now: float | None = None) -> None:
    """Raise BadSignature unless ``header`` signs ``body`` with ``secret``, recently."""
    if not secret:
        raise BadSignature("no secret configured")
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    try:
        at = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        raise BadSignature("malformed signature") from None
    if abs((now or time.time()) - at) > settings.AGORA_SUPPORT_TOLERANCE_SECONDS:
        raise BadSignature("signature too old")
    expected = sign(body, secret, at=at).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        raise BadSignature("signature mismatch")
