"""A draft text as blocks, numbered; and word-level differences between two texts.

Pure functions, no database: the services and the pages both use them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markupsafe import escape

from cocreatie.models import ParagraphKind
from cocreatie.text import render_markdown

_parser = MarkdownIt("commonmark")


def split_markdown(source: str) -> list[tuple[ParagraphKind, str]]:
    """Split Markdown into its top-level blocks: headings start sections, every other
    block (a paragraph, a list, a quote) is one paragraph. Each keeps its own Markdown."""
    lines = (source or "").replace("\r\n", "\n").split("\n")
    blocks: list[tuple[ParagraphKind, str]] = []
    tokens = _parser.parse(source or "")
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        text = "\n".join(lines[start:end]).strip()
        if not text:
            continue
        if token.type == "heading_open":
            blocks.append((ParagraphKind.HEADING, tokens[index + 1].content.strip()))
        else:
            blocks.append((ParagraphKind.TEXT, text))
    return blocks


def numbers(kinds: list[ParagraphKind]) -> list[str]:
    """Section numbers for headings ("2"), and "section.paragraph" for the rest ("2.3");
    paragraphs before the first heading are numbered on their own ("1", "2")."""
    section = paragraph = 0
    result = []
    for kind in kinds:
        if kind == ParagraphKind.HEADING:
            section += 1
            paragraph = 0
            result.append(str(section))
        else:
            paragraph += 1
            result.append(f"{section}.{paragraph}" if section else str(paragraph))
    return result


def render(kind: ParagraphKind, text: str) -> str:
    """A block as safe HTML (a heading's text is escaped: the page supplies the tag)."""
    if kind == ParagraphKind.HEADING:
        return str(escape(text))
    return render_markdown(text)


def normalised(text: str) -> str:
    """The text as compared for "is this a change at all": spaces and line ends don't count."""
    return " ".join((text or "").split())


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "removed" or "added"
    text: str


_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[Piece]:
    """The difference between two texts, word by word (difflib over words, spaces and
    punctuation), as runs of unchanged, removed and added text."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    pieces: list[Piece] = []

    def add(op: str, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return pieces
