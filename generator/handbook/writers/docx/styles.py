"""Style names the writer uses, and their ids in the reference document at hand.

The writer only names styles; the look lives in the reference document. Names are matched
case-insensitively against `w:name` (Word stores built-ins as "heading 1", "toc 1", and a
Chinese Word gives them ids like "1" or "a3", so ids are never guessed). A branded reference
that lacks one of these styles gets it copied from the default reference, so every name the
body uses exists in styles.xml.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from docx.document import Document as DocxDocument

from .ooxml import Element, q

PARAGRAPH = (
    "Normal", "Body Text", "Title", "Subtitle", "Cover Organization", "Cover Edition",
    "Cover Label", "Cover Value", "Front Heading", "TOC Heading",
    "heading 1", "heading 2", "heading 3", "heading 4",
    "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
    "List Number 3", "List Continue", "List Continue 2", "List Continue 3",
    "Article", "caption", "Figure", "Table Text", "Table Heading", "toc 1", "toc 2", "toc 3",
    "header", "footer",
)
CHARACTER = ("Strong", "Emphasis", "Hyperlink", "Internal Link", "Verbatim Char",
             "Article Number")
TABLE = ("Handbook Table", "Cover Table")
ALL = PARAGRAPH + CHARACTER + TABLE

HEADING_LEVELS = 4  # heading 1..4; deeper sections use heading 4


def _name(style: Element) -> str | None:
    name = style.find(q("w:name"))
    return None if name is None else name.get(q("w:val"))


class StyleSheet:
    """Name → style id for one document; imports missing styles from the default reference."""

    def __init__(self, document: DocxDocument, default: Callable[[], DocxDocument]) -> None:
        self.element: Element = document.styles.element
        self._ids: dict[str, str] = {}
        self._by_id: dict[str, Element] = {}
        for style in self.element.iterfind(q("w:style")):
            self._add_to_index(style)
        missing = [n for n in ALL if n.casefold() not in self._ids]
        if missing:
            source = _Source(default())
            for name in missing:
                self._import(source, source.by_name[name.casefold()])

    def _add_to_index(self, style: Element) -> None:
        sid = style.get(q("w:styleId"))
        name = _name(style)
        if sid is None:
            return
        self._by_id[sid] = style
        if name is not None:
            self._ids.setdefault(name.casefold(), sid)

    def id(self, name: str) -> str:
        """The style id for a style name (KeyError names the style)."""
        return self._ids[name.casefold()]

    def style(self, name: str) -> Element:
        return self._by_id[self.id(name)]

    def _import(self, source: _Source, style: Element) -> str:
        """Copy `style` (and the styles it refers to) into this document; its id here."""
        name = (_name(style) or "").casefold()
        if name in self._ids:
            return self._ids[name]
        clone = copy.deepcopy(style)
        sid = clone.get(q("w:styleId")) or "HandbookStyle"
        while sid in self._by_id:
            sid += "Hb"
        clone.set(q("w:styleId"), sid)
        self._ids[name] = sid  # before following references: a style may name itself as next
        self._by_id[sid] = clone
        self.element.append(clone)
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = clone.find(q(tag))
            if ref is None:
                continue
            target = source.by_id.get(ref.get(q("w:val")) or "")
            if target is None:
                clone.remove(ref)
            else:
                ref.set(q("w:val"), self._import(source, target))
        return sid


class _Source:
    """The default reference's styles, by name and by id."""

    def __init__(self, document: DocxDocument) -> None:
        self.by_id: dict[str, Element] = {}
        self.by_name: dict[str, Element] = {}
        for style in document.styles.element.iterfind(q("w:style")):
            self.by_id[style.get(q("w:styleId")) or ""] = style
            self.by_name.setdefault((_name(style) or "").casefold(), style)
