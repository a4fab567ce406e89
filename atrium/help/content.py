"""The manual's pages: Markdown files rendered to sanitised HTML, and their text for searching.

Files are read once per process (they ship with the code). Markdown is rendered by markdown-it-py with raw HTML
off, then cleaned by nh3 to a short list of tags, so a page can never carry a script or a style. Search is an
in-memory scan of the pages' text (there are few pages): a query's pieces must all occur, as substrings, so
two Chinese characters (公海) find their page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

from atrium.core.search.tokens import normalise
from atrium.help.topics import TOPICS, Topic

CONTENT = Path(__file__).resolve().parent / "content"
LANGUAGES = ("zh-Hans", "en")
DEFAULT_LANGUAGE = "zh-Hans"
SNIPPET = 40  # characters of context either side of a hit
MAX_QUERY = 100

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "kbd",
}  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@dataclass(frozen=True)
class Page:
    topic: Topic
    language: str
    title: str
    html: str  # sanitised
    text: str  # the words of the page's body as shown, for searching and snippets


def language_of(code: str | None) -> str:
    """The manual's language closest to an interface language code (zh-hans, zh-cn → zh-Hans; en-us → en)."""
    code = (code or "").lower()
    if code.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def sanitise(rendered: str) -> str:
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "code": set(), "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render(source: str) -> tuple[str, str]:
    """(title, sanitised HTML of the rest) of a Markdown page whose first line is ``# title``."""
    first, _newline, rest = source.lstrip("\ufeff").partition("\n")
    title = first.lstrip("#").strip()
    return title, sanitise(_markdown.render(rest))


def plain_text(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


@lru_cache(maxsize=64)
def page(key: str, language: str) -> Page | None:
    """The rendered page of a topic in a language (the default language's when it has no such file)."""
    topic = next((topic for topic in TOPICS if topic.key == key), None)
    if topic is None:
        return None
    path = CONTENT / language / f"{key}.md"
    if not path.exists():
        path = CONTENT / DEFAULT_LANGUAGE / f"{key}.md"
        language = DEFAULT_LANGUAGE
    title, body = render(path.read_text(encoding="utf-8"))
    return Page(topic=topic, language=language, title=title, html=body, text=plain_text(body))


@dataclass(frozen=True)
class Found:
    page: Page
    snippet: str


def _snippet(text: str, at: int, length: int) -> str:
    start, end = max(0, at - SNIPPET), min(len(text), at + length + SNIPPET)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def search_pages(pages: list[Page], query: str) -> list[Found]:
    """The pages holding every piece of the query (case and width folded), the title's hits first."""
    pieces = [piece for piece in normalise(query[:MAX_QUERY]).split() if piece]
    if not pieces:
        return []
    found = []
    for item in pages:
        title, body = normalise(item.title), normalise(item.text)
        if not all(piece in f"{title}\n{body}" for piece in pieces):
            continue
        at = body.find(pieces[0])
        snippet = _snippet(item.text, at, len(pieces[0])) if at >= 0 else _snippet(item.text, 0, 0)
        in_title = all(piece in title for piece in pieces)
        found.append((not in_title, Found(page=item, snippet=snippet)))
    return [item for _order, item in sorted(found, key=lambda pair: pair[0])]
