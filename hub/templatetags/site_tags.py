"""The hub's name and address in templates: the admin's title, the emails' links."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hub import site

register = template.Library()

# Full http(s) addresses only: a bare host name in a sentence ("an account on example.com")
# stays text, so no link in an email guesses a scheme.
ADDRESS = re.compile(r"https?://[^\s<>\"']+")
TRAILING = ".,;:!?)"


@register.simple_tag
def hub_name() -> str:
    return site.hub_name()


@register.filter(is_safe=True)
def links(text: str) -> SafeString:
    """Plain text with its http(s) addresses made links, everything else escaped."""
    text = str(text)
    out, last = [], 0
    for match in ADDRESS.finditer(text):
        address = match.group().rstrip(TRAILING)
        out.append(escape(text[last : match.start()]))
        out.append(format_html('<a href="{}">{}</a>', address, address))
        last = match.start() + len(address)
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece above is escaped
