"""User-written Markdown to safe HTML: render, then sanitise with an allow-list."""

from __future__ import annotations

import bleach
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}


def _external_link(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


def render_markdown(source: str) -> str:
    # Headings start at h2: the page title is the only h1.
    html = _markdown.render(source or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return bleach.linkify(clean, callbacks=[_external_link], skip_tags={"pre", "code"})


def shorten(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters: cut at the last space that fits,
    with an ellipsis, never in the middle of a word (unless one word is longer)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"
