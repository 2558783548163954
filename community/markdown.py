"""Members write Markdown; it is rendered once, on save, to sanitised HTML.

Raw HTML is off in the parser and nh3 cleans the result anyway (defence in depth). Links get
rel="nofollow ugc noopener", @username becomes a link to the member's profile, and the plain
text is kept for search and snippets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

MENTION = re.compile(r"@([\w][\w.+-]{1,148}[\w])", re.UNICODE)
WORDCHAR = re.compile(r"\w", re.UNICODE)
ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


@dataclass
class Rendered:
    html: str
    text: str
    mentions: list[str] = field(default_factory=list)
    links: int = 0


def _mention_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "@":
        return False
    if pos > 0 and WORDCHAR.match(state.src[pos - 1]):
        return False  # an email address, not a mention
    match = MENTION.match(state.src, pos)
    if not match:
        return False
    if not silent:
        username = match.group(1)
        token = state.push("mention", "", 0)
        token.content = username
    state.pos = match.end()
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    username = tokens[idx].content
    escaped = nh3.clean_text(username)
    if username not in env.get("known", ()):
        return f"@{escaped}"
    return f'<a class="mention" href="/members/{escaped}/">@{escaped}</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Images are attached through the upload pipeline, never hot-linked from elsewhere.
    md.disable("image")
    md.inline.ruler.before("emphasis", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    # Headings start at h3: the page owns h1 and h2.
    original_heading = md.renderer.rules.get("heading_open")

    def heading_open(self, tokens, idx, options, env):
        token = tokens[idx]
        level = min(int(token.tag[1]) + 2, 6)
        token.tag = f"h{level}"
        if original_heading:
            return original_heading(tokens, idx, options, env)
        return self.renderToken(tokens, idx, options, env)

    def heading_close(self, tokens, idx, options, env):
        token = tokens[idx]
        token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


_MD = _parser()


def _inline_tokens(source: str):
    for block in _MD.parse(source or ""):
        yield from block.children or []


def _mentions(inline) -> list[str]:
    return list(dict.fromkeys(t.content for t in inline if t.type == "mention"))


def written_mentions(source: str) -> list[str]:
    """The @names a body mentions (outside code), without asking which are members."""
    return _mentions(_inline_tokens(source))


def render(source: str, resolve: Callable[[list[str]], set[str]] | None = None) -> Rendered:
    """Render a body. ``resolve`` gets the @names written and returns those that are members;
    only they become links (and are notified)."""
    inline = list(_inline_tokens(source))
    written = _mentions(inline)
    known = resolve(written) if (resolve and written) else set()
    links = sum(1 for t in inline if t.type == "link_open")
    env: dict = {"known": known}
    raw = _MD.render(source or "", env)
    html = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    text = SPACE.sub(" ", nh3.clean(TAG.sub(" ", html), tags=set())).strip()
    # clean() with no tags escapes entities; the plain text wants them back for search.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&#39;", "'").replace("&amp;", "&")
    mentions = [name for name in written if name in known]
    return Rendered(html=html, text=text, mentions=mentions, links=links)
