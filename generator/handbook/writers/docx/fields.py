"""Word fields: PAGE, NUMPAGES and the table of contents.

Fields are written as complex fields (begin / instruction / separate / result / end) with a
cached result, so that a reader that does not update fields still shows something sensible:
the table of contents is pre-filled with one entry per heading, each a link to the heading's
bookmark. Word rebuilds it, page numbers included, when the file is opened (`w:updateFields`
in settings.xml). Readers that do not update fields (LibreOffice, WPS) keep the static
entries; they carry no page numbers, because only a layout engine knows them, and dot
leaders running to an empty number would look broken.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import tree as t
from .ooxml import XML_SPACE, Element, clean, make, sub, text_elm, val

TOC_INSTRUCTION = rf' TOC \o "1-{t.TOC_DEPTH}" \h \z \u '


def _char(parent: Element, kind: str, rstyle: str | None = None) -> None:
    run = sub(parent, "w:r")
    if rstyle:
        val(sub(run, "w:rPr"), "w:rStyle", rstyle)
    sub(run, "w:fldChar", {"w:fldCharType": kind})


def field_begin(parent: Element, instruction: str, rstyle: str | None = None) -> None:
    _char(parent, "begin", rstyle)
    run = sub(parent, "w:r")
    if rstyle:
        val(sub(run, "w:rPr"), "w:rStyle", rstyle)
    instr = sub(run, "w:instrText")
    instr.text = instruction
    instr.set(XML_SPACE, "preserve")
    _char(parent, "separate", rstyle)


def field_end(parent: Element, rstyle: str | None = None) -> None:
    _char(parent, "end", rstyle)


def field(parent: Element, instruction: str, result: str, rstyle: str | None = None) -> None:
    """A whole field with its cached `result` inside `parent` (a paragraph or hyperlink)."""
    field_begin(parent, instruction, rstyle)
    if result:
        run = sub(parent, "w:r")
        if rstyle:
            val(sub(run, "w:rPr"), "w:rStyle", rstyle)
        text_elm(run, result)
    field_end(parent, rstyle)


@dataclass(frozen=True)
class TocEntry:
    level: int  # 1..3
    title: str
    bookmark: str


def toc_paragraphs(entries: list[TocEntry], style_ids: dict[int, str],
                   empty_text: str) -> list[Element]:
    """The TOC field as paragraphs; pre-filled so it is not empty before Word updates it."""
    paragraphs: list[Element] = []
    if not entries:
        p = make("w:p")
        field(p, TOC_INSTRUCTION, empty_text)
        return [p]
    for i, entry in enumerate(entries):
        p = make("w:p")
        val(sub(p, "w:pPr"), "w:pStyle", style_ids[entry.level])
        if i == 0:
            field_begin(p, TOC_INSTRUCTION)
        link = sub(p, "w:hyperlink", {"w:anchor": entry.bookmark, "w:history": "1"})
        text_elm(sub(link, "w:r"), clean(entry.title.replace("\n", " ")))
        if i == len(entries) - 1:
            field_end(p)
        paragraphs.append(p)
    return paragraphs
