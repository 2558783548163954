"""Where a request comes from: one answer for the whole hub.

Behind a reverse proxy every connection comes from the proxy, so the client's address is the
one the proxy appended to ``X-Forwarded-For``. ``AGORA_TRUSTED_PROXIES`` says how many proxies
append to that header; the address is read that many places from the right, so whatever a
client wrote in the header itself is ignored. With no trusted proxy (the embedded default) the
header is ignored altogether: anyone could write it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _clean(value: str) -> str | None:
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address (the connection's own when nothing trustworthy says otherwise)."""
    cached = getattr(request, "_agora_client_ip", None)
    if cached:
        return cached
    connection = request.META.get("REMOTE_ADDR") or ""
    address = connection
    trusted = getattr(settings, "AGORA_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= trusted:
            address = _clean(hops[-trusted]) or address
    address = _clean(address) or connection or "unknown"
    request._agora_client_ip = address
    return address
