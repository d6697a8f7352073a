"""List numbering taken from the reference document's list styles.

Bullets share the numbering instance that the "List Bullet" style points at. Every ordered
list gets a fresh `w:num` over the abstract numbering of "List Number", restarting at its
`start`, so lists do not continue each other's count. A reference whose list styles carry no
numbering gets the default reference's definitions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.parts.numbering import NumberingPart

from .ooxml import Element, make, q, sub, val
from .styles import StyleSheet

BULLETS = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBERS = ("List Number", "List Number 2", "List Number 3")
MAX_LEVEL = 8

_EMPTY = ('<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
# pPr children that must come after w:numPr (schema order)
_AFTER_NUMPR = {q(f"w:{t}") for t in (
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange")}
# style children that must come after w:pPr
_AFTER_PPR = {q(f"w:{t}") for t in ("rPr", "tblPr", "trPr", "tcPr", "tblStylePr")}


def _insert_before_first(parent: Element, child: Element, successors: set[str]) -> None:
    for existing in parent:
        if existing.tag in successors:
            existing.addprevious(child)
            return
    parent.append(child)


def _num_id_of(style: Element) -> str | None:
    num_id = style.find(f"{q('w:pPr')}/{q('w:numPr')}/{q('w:numId')}")
    return None if num_id is None else num_id.get(q("w:val"))


def _numbering_element(document: DocxDocument) -> Element:
    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        numbering = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                  parse_xml(_EMPTY), part.package)
        part.relate_to(numbering, RT.NUMBERING)
        return numbering.element


class Numbering:
    """Numbering ids for bullet items and for each new ordered list."""

    def __init__(self, document: DocxDocument, styles: StyleSheet,
                 default: Callable[[], DocxDocument]) -> None:
        self._root = _numbering_element(document)
        self._styles = styles
        self._default = default
        self._nums: dict[str, str] = {
            n.get(q("w:numId")) or "": self._abstract_of(n) for n in self._root.iterfind(q("w:num"))
        }
        self._next_num = max((int(k) for k in self._nums if k.isdigit()), default=0) + 1
        self._num_elements: dict[int, Element] = {}
        self.bullet = self._family_num(BULLETS)
        self._ordered_abstract = self._nums[str(self._family_num(NUMBERS))]

    @staticmethod
    def _abstract_of(num: Element) -> str:
        ref = num.find(q("w:abstractNumId"))
        return "" if ref is None else ref.get(q("w:val")) or ""

    def ordered(self, level: int, start: int) -> int:
        """A new numbering instance for one ordered list at `level`, counting from `start`."""
        num_id = self._add_num(self._ordered_abstract)
        override = sub(self._num_elements[num_id], "w:lvlOverride", {"w:ilvl": str(level)})
        val(override, "w:startOverride", str(max(start, 0)))
        return num_id

    def _add_num(self, abstract_id: str) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = make("w:num", {"w:numId": str(num_id)})
        val(num, "w:abstractNumId", abstract_id)
        cleanup = self._root.find(q("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self._root.append(num)
        self._nums[str(num_id)] = abstract_id
        self._num_elements[num_id] = num
        return num_id

    def _family_num(self, names: tuple[str, ...]) -> int:
        """The numId the first style of a list family uses, importing one if it has none."""
        num_id = _num_id_of(self._styles.style(names[0]))
        if num_id is not None and num_id in self._nums and num_id.isdigit():
            return int(num_id)
        abstract_id = self._import_abstract(names[0])
        new_id = self._add_num(abstract_id)
        for level, name in enumerate(names):
            self._set_style_num(self._styles.style(name), level, new_id)
        return new_id

    def _import_abstract(self, style_name: str) -> str:
        source = self._default()
        src_style = next(s for s in source.styles.element.iterfind(q("w:style"))
                         if (s.find(q("w:name")).get(q("w:val")) or "") == style_name)
        src_num_id = _num_id_of(src_style)
        src_root = source.part.numbering_part.element
        src_abstract_id = next(self._abstract_of(n) for n in src_root.iterfind(q("w:num"))
                               if n.get(q("w:numId")) == src_num_id)
        abstract = copy.deepcopy(next(a for a in src_root.iterfind(q("w:abstractNum"))
                                      if a.get(q("w:abstractNumId")) == src_abstract_id))
        taken = [int(a.get(q("w:abstractNumId")) or 0)
                 for a in self._root.iterfind(q("w:abstractNum"))]
        new_id = str(max(taken, default=-1) + 1)
        abstract.set(q("w:abstractNumId"), new_id)
        _insert_before_first(self._root, abstract, {q("w:num"), q("w:numIdMacAtCleanup")})
        return new_id

    @staticmethod
    def _set_style_num(style: Element, level: int, num_id: int) -> None:
        ppr = style.find(q("w:pPr"))
        if ppr is None:
            ppr = make("w:pPr")
            _insert_before_first(style, ppr, _AFTER_PPR)
        old = ppr.find(q("w:numPr"))
        if old is not None:
            ppr.remove(old)
        num_pr = make("w:numPr")
        val(num_pr, "w:ilvl", str(level))
        val(num_pr, "w:numId", str(num_id))
        _insert_before_first(ppr, num_pr, _AFTER_NUMPR)
