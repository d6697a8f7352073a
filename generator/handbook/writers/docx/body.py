"""Tree blocks and inlines → WordprocessingML elements.

Elements are appended straight into their container with lxml: python-docx's
`add_paragraph` rescans the body on every call (quadratic for a long handbook) and its
style look-up by name costs about a millisecond, so style ids are resolved once here.
Every paragraph, run and table names a style of the reference document; nothing sets fonts,
sizes or colours directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlsplit

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline

from ... import tree as t
from ...diagrams import render_png
from .bookmarks import Bookmarks
from .numbering import MAX_LEVEL, Numbering
from .ooxml import Element, clean, q, sub, text_elm, twips_to_emu, val
from .styles import ALL, HEADING_LEVELS, StyleSheet

DIAGRAM_DPI = 144  # handbook.diagrams renders PNGs at this resolution
SAFE_SCHEMES = ("http", "https", "mailto")

# Characters whose width Word decides by font hint: without w:hint="eastAsia" Chinese quotes,
# dashes and ellipses are set in the Latin font and look cramped.
_AMBIGUOUS = re.compile("[\u00b7\u00d7\u00f7\u2014\u2015\u2018-\u201f\u2026\u2030\u2032"
                        "\u2033\u203b\u2103\u2116\u2160-\u216b\u2190-\u2199\u2460-\u24ff"
                        "\u25a0-\u25ff\u2605\u2606]")
_BREAKS = re.compile(r"(\n|\t)")
_MARK_STYLES = {"strong": "Strong", "emphasis": "Emphasis", "code": "Verbatim Char",
                "ref": "Internal Link", "link": "Hyperlink", "article": "Article Number"}
_LIST_STYLES = {False: ("List Bullet", "List Bullet 2", "List Bullet 3"),
                True: ("List Number", "List Number 2", "List Number 3")}
_CONTINUE_STYLES = ("List Continue", "List Continue 2", "List Continue 3")
_TBL = q("w:tbl")


@dataclass(frozen=True)
class Layout:
    """The text area of the reference document's page, in twips."""

    text_width: int
    text_height: int


def distribute(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, in whole units that add up exactly."""
    weights = [max(w, 1) for w in weights]
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def fit_columns(total: int, weights: list[int], floors: list[int]) -> list[int]:
    """Column widths in proportion to `weights`, but none narrower than its floor (so a
    header like 考核周期 does not break) while the floors fit at all; the space comes from
    the columns that have more than they need."""
    widths = distribute(total, weights)
    if sum(floors) > total:
        return widths
    deficit = sum(max(f - w, 0) for f, w in zip(floors, widths, strict=True))
    if not deficit:
        return widths
    spare = [max(w - f, 0) for f, w in zip(floors, widths, strict=True)]
    cuts = distribute(deficit, spare) if sum(spare) else [0] * len(spare)
    return [max(w, f) - c for w, f, c in zip(widths, floors, cuts, strict=True)]


def header_floor(inlines: tuple[t.Inline, ...]) -> int:
    """The width (twips) a one-line header cell needs: ~100 twips per half-width character
    at table size, plus the cell margins."""
    return display_width(t.inline_text(inlines)) * 100 + 240


def display_width(text: str) -> int:
    """Rough column width of `text`: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class BodyBuilder:
    """Appends the document tree to a container element (the body, a cell) as Word markup."""

    def __init__(self, document: DocxDocument, meta: t.Meta, styles: StyleSheet,
                 numbering: Numbering, bookmarks: Bookmarks, layout: Layout) -> None:
        self.part = document.part
        self.meta = meta
        self.zh = meta.language.startswith("zh")
        self.ids = {name: styles.id(name) for name in ALL}
        self.numbering = numbering
        self.bookmarks = bookmarks
        self.layout = layout
        self._links: dict[str, str] = {}
        self._shape_id = 0

    # ------------------------------------------------------------------ paragraphs and runs

    def paragraph(self, parent: Element, style: str) -> Element:
        p = sub(parent, "w:p")
        val(sub(p, "w:pPr"), "w:pStyle", self.ids[style])
        return p

    def text_paragraph(self, parent: Element, style: str, text: str) -> Element:
        p = self.paragraph(parent, style)
        self.runs(p, text, ())
        return p

    def runs(self, parent: Element, text: str, marks: tuple[str, ...]) -> None:
        """One run for `text`; line breaks and tabs inside it become w:br and w:tab."""
        text = clean(text)
        if not text:
            return
        run = sub(parent, "w:r")
        self._run_properties(run, marks, self.zh and _AMBIGUOUS.search(text) is not None)
        if "\n" not in text and "\t" not in text:
            text_elm(run, text)
            return
        for piece in _BREAKS.split(text):
            if piece == "\n":
                sub(run, "w:br")
            elif piece == "\t":
                sub(run, "w:tab")
            elif piece:
                text_elm(run, piece)

    def _run_properties(self, run: Element, marks: tuple[str, ...], hint: bool) -> None:
        if not marks and not hint:
            return
        link = next((m for m in marks if m in ("ref", "link")), None)
        style = link or ("code" if "code" in marks else (marks[-1] if marks else None))
        rpr = sub(run, "w:rPr")
        if style:
            val(rpr, "w:rStyle", self.ids[_MARK_STYLES[style]])
        if hint:
            sub(rpr, "w:rFonts", {"w:hint": "eastAsia"})
        # a run has one character style; nested marks add their toggle directly
        if "strong" in marks and style != "strong":
            sub(rpr, "w:b")
            sub(rpr, "w:bCs")
        if "emphasis" in marks and style != "emphasis":
            sub(rpr, "w:i")
            sub(rpr, "w:iCs")

    def inlines(self, parent: Element, nodes: tuple[t.Inline, ...],
                marks: tuple[str, ...] = ()) -> None:
        for node in nodes:
            if isinstance(node, t.Text):
                self.runs(parent, node.text, marks)
            elif isinstance(node, t.Strong):
                self.inlines(parent, node.children, marks + ("strong",))
            elif isinstance(node, t.Emphasis):
                self.inlines(parent, node.children, marks + ("emphasis",))
            elif isinstance(node, t.Code):
                self.runs(parent, node.text, marks + ("code",))
            elif isinstance(node, t.LineBreak):
                sub(sub(parent, "w:r"), "w:br")
            elif isinstance(node, t.Ref):
                self._ref(parent, node, marks)
            elif isinstance(node, t.Link):
                self._link(parent, node, marks)

    def _in_link(self, marks: tuple[str, ...]) -> bool:
        return "ref" in marks or "link" in marks  # hyperlinks cannot nest

    def _ref(self, parent: Element, node: t.Ref, marks: tuple[str, ...]) -> None:
        name = self.bookmarks.name(node.anchor)
        if name is None or self._in_link(marks):
            self.inlines(parent, node.children, marks)
            return
        link = sub(parent, "w:hyperlink", {"w:anchor": name, "w:history": "1"})
        self.inlines(link, node.children, marks + ("ref",))

    def _link(self, parent: Element, node: t.Link, marks: tuple[str, ...]) -> None:
        url = clean(node.url).strip()
        if urlsplit(url).scheme.lower() not in SAFE_SCHEMES or self._in_link(marks):
            self.inlines(parent, node.children, marks)
            return
        rid = self._links.get(url)
        if rid is None:
            rid = self._links[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = sub(parent, "w:hyperlink", {"r:id": rid, "w:history": "1"})
        self.inlines(link, node.children, marks + ("link",))

    def bookmarked(self, p: Element, anchor: str, fill: Callable[[Element], None]) -> None:
        """Run `fill(p)` between a bookmark start and end for `anchor` (if it is a target)."""
        name = self.bookmarks.name(anchor)
        if name is None:
            fill(p)
            return
        bid = self.bookmarks.next_id()
        sub(p, "w:bookmarkStart", {"w:id": bid, "w:name": name})
        fill(p)
        sub(p, "w:bookmarkEnd", {"w:id": bid})

    # ------------------------------------------------------------------ structure

    def section(self, parent: Element, section: t.Section) -> None:
        style = f"heading {min(max(section.level, 1), HEADING_LEVELS)}"
        p = self.paragraph(parent, style)
        self.bookmarked(p, section.anchor, lambda q: self.runs(q, section.title, ()))
        self.blocks(parent, section.blocks)
        for child in section.children:
            self.section(parent, child)

    def blocks(self, parent: Element, blocks: tuple[t.Block, ...], depth: int = 0) -> None:
        for block in blocks:
            self.block(parent, block, depth)

    def block(self, parent: Element, block: t.Block, depth: int = 0) -> None:
        if isinstance(block, (t.Table, t.FieldList)):
            self.separate_tables(parent)
        if isinstance(block, t.Paragraph):
            self.inlines(self.paragraph(parent, "Body Text"), block.children)
        elif isinstance(block, (t.BulletList, t.OrderedList)):
            self.list(parent, block, depth)
        elif isinstance(block, t.Table):
            self.table(parent, block)
        elif isinstance(block, t.FieldList):
            self.field_list(parent, block)
        elif isinstance(block, t.Articles):
            self.articles(parent, block, depth)
        elif isinstance(block, t.Diagram):
            self.diagram(parent, block)

    # ------------------------------------------------------------------ lists and articles

    def list(self, parent: Element, lst: t.BulletList | t.OrderedList, depth: int) -> None:
        ordered = isinstance(lst, t.OrderedList)
        level = min(depth, MAX_LEVEL)
        num_id = str(self.numbering.ordered(level, lst.start) if ordered
                     else self.numbering.bullet)
        style = _LIST_STYLES[ordered][min(depth, 2)]
        for item in lst.items:
            p = self.paragraph(parent, style)
            num_pr = sub(p[0], "w:numPr")
            val(num_pr, "w:ilvl", str(level))
            val(num_pr, "w:numId", num_id)
            rest = item
            if item and isinstance(item[0], t.Paragraph):
                self.inlines(p, item[0].children)
                rest = item[1:]
            for block in rest:
                if isinstance(block, t.Paragraph):
                    cont = self.paragraph(parent, _CONTINUE_STYLES[min(depth, 2)])
                    self.inlines(cont, block.children)
                else:
                    self.block(parent, block, depth + 1)

    def articles(self, parent: Element, articles: t.Articles, depth: int) -> None:
        """第一条　text…: the number leads the article's first paragraph."""
        gap = "\u3000" if self.zh else " "
        for article in articles.articles:
            p = self.paragraph(parent, "Article")
            self.bookmarked(p, article.anchor,
                            lambda q, a=article: self.runs(q, a.number, ("article",)))
            rest = article.blocks
            if rest and isinstance(rest[0], t.Paragraph):
                self.runs(p, gap, ())
                self.inlines(p, rest[0].children)
                rest = rest[1:]
            self.blocks(parent, rest, depth)

    # ------------------------------------------------------------------ tables

    def _table_frame(self, parent: Element, style: str, widths: list[int], look: dict[str, str],
                     ) -> Element:
        tbl = sub(parent, "w:tbl")
        tbl_pr = sub(tbl, "w:tblPr")
        val(tbl_pr, "w:tblStyle", self.ids[style])
        sub(tbl_pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
        sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
        sub(tbl_pr, "w:tblLook", look)
        grid = sub(tbl, "w:tblGrid")
        for width in widths:
            sub(grid, "w:gridCol", {"w:w": str(width)})
        return tbl

    def _row(self, tbl: Element, cells: list[tuple[t.Inline, ...]], widths: list[int],
             styles: list[str], header: bool = False) -> None:
        tr = sub(tbl, "w:tr")
        if header:
            sub(sub(tr, "w:trPr"), "w:tblHeader")
        for inlines, width, style in zip(cells, widths, styles, strict=True):
            tc = sub(tr, "w:tc")
            sub(sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(width), "w:type": "dxa"})
            self.inlines(self.paragraph(tc, style), inlines)

    def table(self, parent: Element, table: t.Table) -> None:
        if table.caption:
            self.text_paragraph(parent, "caption", table.caption)
        ncols = max([len(table.header)] + [len(r) for r in table.rows])
        if ncols == 0:
            return
        if table.widths and len(table.widths) == ncols:
            weights = list(table.widths)
        else:
            weights = [min(max(display_width(t.inline_text(row[c])) if c < len(row) else 0
                               for row in (table.header, *table.rows)), 40) + 4
                       for c in range(ncols)]
        floors = [header_floor(table.header[c]) if c < len(table.header) else 0
                  for c in range(ncols)]
        widths = fit_columns(self.layout.text_width, weights, floors)
        look = {"w:firstRow": "1" if table.header else "0", "w:lastRow": "0",
                "w:firstColumn": "0", "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1",
                "w:val": "0620" if table.header else "0600"}
        tbl = self._table_frame(parent, "Handbook Table", widths, look)

        def pad(row: tuple[tuple[t.Inline, ...], ...]) -> list[tuple[t.Inline, ...]]:
            return list(row[:ncols]) + [()] * (ncols - len(row))

        if table.header:
            self._row(tbl, pad(table.header), widths, ["Table Heading"] * ncols, header=True)
        for row in table.rows:
            self._row(tbl, pad(row), widths, ["Table Text"] * ncols)

    def field_list(self, parent: Element, fields: t.FieldList) -> None:
        """Label/value facts as a two-column table whose first column is the label."""
        if not fields.fields:
            return
        label = max(header_floor((t.Text(f.label),)) for f in fields.fields)
        widths = fit_columns(self.layout.text_width, [2, 5], [label, 0])
        look = {"w:firstRow": "0", "w:lastRow": "0", "w:firstColumn": "1", "w:lastColumn": "0",
                "w:noHBand": "1", "w:noVBand": "1", "w:val": "0680"}
        tbl = self._table_frame(parent, "Handbook Table", widths, look)
        for f in fields.fields:
            self._row(tbl, [(t.Text(f.label),), f.value], widths, ["Table Heading", "Table Text"])

    def separate_tables(self, parent: Element) -> None:
        """An empty paragraph after a table that something else follows directly: Word merges
        adjacent tables, and a document or cell must not end with one."""
        last = next(parent.iterchildren(reversed=True), None)  # len() would count them all
        if last is not None and last.tag == _TBL:
            self.paragraph(parent, "Normal")

    # ------------------------------------------------------------------ diagrams

    def diagram(self, parent: Element, diagram: t.Diagram) -> None:
        png = render_png(diagram, self.meta.language)
        rid, image = self.part.get_or_add_image(BytesIO(png))
        width = image.px_width * 1440 // DIAGRAM_DPI
        height = image.px_height * 1440 // DIAGRAM_DPI
        scale = min(1.0, self.layout.text_width / max(width, 1),
                    0.7 * self.layout.text_height / max(height, 1))
        cx, cy = twips_to_emu(int(width * scale)), twips_to_emu(int(height * scale))
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(self._shape_id, rid, f"diagram-{self._shape_id}.png",
                                          cx, cy)
        labels = "、".join(n.label.replace("\n", " ") for n in diagram.nodes)
        inline.docPr.set("descr", clean(f"{diagram.title}: {labels}" if labels else diagram.title))
        inline.docPr.set("title", clean(diagram.title))
        p = self.paragraph(parent, "Figure")
        sub(sub(p, "w:r"), "w:drawing").append(inline)
        self.text_paragraph(parent, "caption", diagram.title)
