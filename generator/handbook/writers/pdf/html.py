"""Render the document tree to the print HTML that WeasyPrint lays out.

Only markup comes from here; the look lives in `templates/print/print.css`, the page frame
(cover, document control, contents) in `templates/print/print.html.j2`. Every string from
the tree is escaped: content is untrusted, and no raw HTML ever reaches the output.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ... import tree as t
from .diagram import PrintDiagram, print_diagram

EXTERNAL_SCHEMES = ("http://", "https://", "mailto:")
TOC_DEPTH = t.TOC_DEPTH


def esc(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int


class HtmlRenderer:
    """Turns blocks and sections of one document into HTML strings."""

    def __init__(self, doc: t.Document) -> None:
        self.doc = doc
        self.language = doc.meta.language
        self.anchors = t.anchors(doc)
        self.diagrams = 0  # numbers the drawings, to keep their SVG ids apart

    # ----------------------------------------------------------------- inline content

    def inlines(self, nodes: tuple[t.Inline, ...]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def inline(self, node: t.Inline) -> str:
        if isinstance(node, t.Text):
            return esc(node.text)
        if isinstance(node, t.Strong):
            return f"<strong>{self.inlines(node.children)}</strong>"
        if isinstance(node, t.Emphasis):
            return f"<em>{self.inlines(node.children)}</em>"
        if isinstance(node, t.Code):
            return f"<code>{esc(node.text)}</code>"
        if isinstance(node, t.Ref):
            inner = self.inlines(node.children)
            if node.anchor not in self.anchors:  # the validator prevents this; never link nowhere
                return f'<span class="ref broken">{inner}</span>'
            return f'<a class="ref" href="#{esc(node.anchor)}">{inner}</a>'
        if isinstance(node, t.Link):
            inner = self.inlines(node.children)
            if not node.url.lower().startswith(EXTERNAL_SCHEMES):
                return f'<span class="link">{inner}</span>'
            return f'<a class="external" href="{esc(node.url)}">{inner}</a>'
        if isinstance(node, t.LineBreak):
            return "<br>"
        raise TypeError(f"unknown inline node {type(node).__name__}")

    # ----------------------------------------------------------------- blocks

    def blocks(self, blocks: tuple[t.Block, ...]) -> str:
        return "".join(self.block(b) for b in blocks)

    def block(self, node: t.Block) -> str:
        if isinstance(node, t.Paragraph):
            return f"<p>{self.inlines(node.children)}</p>\n"
        if isinstance(node, t.BulletList):
            return "<ul>\n" + self._items(node.items) + "</ul>\n"
        if isinstance(node, t.OrderedList):
            start = f' start="{node.start}"' if node.start != 1 else ""
            return f"<ol{start}>\n" + self._items(node.items) + "</ol>\n"
        if isinstance(node, t.Table):
            return self.table(node)
        if isinstance(node, t.FieldList):
            rows = "".join(f'<tr><th scope="row">{esc(f.label)}</th>'
                           f"<td>{self.inlines(f.value)}</td></tr>\n" for f in node.fields)
            return f'<table class="fields">\n<tbody>\n{rows}</tbody>\n</table>\n'
        if isinstance(node, t.Articles):
            return ('<div class="articles">\n'
                    + "".join(self.article(a) for a in node.articles) + "</div>\n")
        if isinstance(node, t.Diagram):
            return self.diagram(node).html
        raise TypeError(f"unknown block node {type(node).__name__}")

    def diagram(self, node: t.Diagram) -> PrintDiagram:
        self.diagrams += 1
        return print_diagram(node, self.language, self.anchors, f"diagram{self.diagrams}-")

    def _items(self, items: tuple[tuple[t.Block, ...], ...]) -> str:
        return "".join(f"<li>{self.blocks(item).rstrip()}</li>\n" for item in items)

    def table(self, node: t.Table) -> str:
        out = ['<table class="data">\n']
        if node.caption:
            out.append(f"<caption>{esc(node.caption)}</caption>\n")
        if node.widths and len(node.widths) == len(node.header) and sum(node.widths) > 0:
            total = sum(node.widths)
            out.append("<colgroup>" + "".join(
                f'<col style="width: {100 * w / total:.2f}%">' for w in node.widths)
                + "</colgroup>\n")
        # <thead> is what makes WeasyPrint repeat the header row on every page.
        out.append("<thead><tr>" + "".join(f"<th>{self.inlines(c)}</th>" for c in node.header)
                   + "</tr></thead>\n<tbody>\n")
        for row in node.rows:
            out.append("<tr>" + "".join(f"<td>{self.inlines(c)}</td>" for c in row) + "</tr>\n")
        out.append("</tbody>\n</table>\n")
        return "".join(out)

    def article(self, node: t.Article) -> str:
        number = f'<span class="article-no">{esc(node.number)}</span>'
        first, rest = (node.blocks[0], node.blocks[1:]) if node.blocks else (None, ())
        if isinstance(first, t.Paragraph):
            head = f"<p>{number} {self.inlines(first.children)}</p>\n"
        else:
            head = f"<p>{number}</p>\n"
            rest = node.blocks
        return (f'<div class="article" id="{esc(node.anchor)}">\n{head}'
                f"{self.blocks(rest)}</div>\n")

    # ----------------------------------------------------------------- sections

    def section(self, s: t.Section) -> str:
        level = min(max(s.level, 1), 6)
        classes = ["section", f"level-{level}"]
        if level == 1:
            classes.append("chapter")
        if s.kind:
            classes.append(f"kind-{s.kind}")
        first = s.blocks[0] if s.blocks else None
        figure = self.diagram(first) if isinstance(first, t.Diagram) else None
        # A heading right before a landscape drawing goes onto that page, not alone on its own.
        heading_class = ' class="landscape"' if figure and figure.landscape else ""
        blocks = (figure.html + self.blocks(s.blocks[1:])) if figure else self.blocks(s.blocks)
        return (f'<section class="{esc(" ".join(classes))}">\n'
                f'<h{level} id="{esc(s.anchor)}"{heading_class}>{esc(s.title)}</h{level}>\n'
                + blocks
                + "".join(self.section(c) for c in s.children)
                + "</section>\n")

    def body(self) -> str:
        return "".join(self.section(s) for s in self.doc.sections)

    def front(self) -> str:
        return self.blocks(self.doc.front)

    def toc(self, depth: int = TOC_DEPTH) -> list[TocEntry]:
        return [TocEntry(s.anchor, s.title, s.level)
                for s in t.walk_sections(self.doc.sections) if s.level <= depth]
