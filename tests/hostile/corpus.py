"""Hostile strings that every form a role can reach is fed. Later capabilities reuse them.

Each one that could run script sets window.__agoraXss, which the browser tests look for.
"""

import re

from django.utils.html import escape

XSS = [
    "<script>window.__agoraXss=1</script>",
    '"><img src=x onerror="window.__agoraXss=1">',
    "'><svg/onload=window.__agoraXss=1>",
    '<a href="javascript:window.__agoraXss=1">click me</a>',
    "javascript:window.__agoraXss=1",
    '<iframe srcdoc="<script>parent.__agoraXss=1</script>"></iframe>',
    "<details open ontoggle=window.__agoraXss=1>",
    "</textarea><script>window.__agoraXss=1</script>",
    "{{ request.user.password }}{% debug %}",
]

INJECTION = [
    "' OR '1'='1' --",
    "'; DROP TABLE auth_user; --",
    "1) UNION SELECT username, password FROM auth_user --",
    "${jndi:ldap://127.0.0.1/a}",
    "../../../../etc/passwd",
    "%00%0d%0aSet-Cookie: agora=1",
    "\r\nBcc: victim@example.com",
]

UNICODE = [
    "\u202eevil\u202c.exe gnp.",  # right-to-left override
    "\u2066isolated\u2069 \u200b\u200d\ufeff",  # isolates, zero-width characters
    "Z̷̢͉̤a̸̢͓̹l̷̰̈́g̷̱̈o̵̻̎ ̶̛̫t̵̰͌e̵̜͋x̸̬̀t̵̲̔",  # stacked combining marks
    "👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇷 ❤️‍🔥",
    "Ça coûte 10 € — «très» cher ! 日本語 العربية",
    "\x1b[31mred\x1b[0m \x07\x08",  # terminal escapes and other control characters
]

LONG = ["x" * 100_000, "é" * 3000, "<b>" * 5000]

NUL = ["before\x00after"]

ALL = XSS + INJECTION + UNICODE + LONG + NUL

# One string of each family, sent through the pages themselves: every form class and service
# gets ALL directly, and one HTTP test per form proves the page wires them up and escapes.
WIRING = [XSS[0], XSS[1], INJECTION[1], UNICODE[0], LONG[0], NUL[0]]


def assert_safe(response, value: str) -> str:
    """A page answered without a server error, did not echo a hostile string unescaped and
    carries no javascript: link; returns its body."""
    assert response.status_code < 500
    return assert_escaped(response.content.decode(), value)


def assert_escaped(html: str, value: str) -> str:
    """HTML (a page, a rendered form or fragment) that shows ``value`` only escaped."""
    if value in XSS and escape(value) != value:
        assert value not in html, "a hostile string came back unescaped"
    # A javascript: link inside a real tag (escaped text may show the words harmlessly).
    assert not re.search(r"<[^>]*\shref=[\"']?javascript:", html, re.IGNORECASE)
    return html


def short_id(value: str) -> str:
    """A readable test id for a hostile string."""
    return repr(value[:24]) + (f"…({len(value)})" if len(value) > 24 else "")
