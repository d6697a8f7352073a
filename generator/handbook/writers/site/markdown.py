"""Render the pages of a `SitePlan` as Markdown for MkDocs (Python-Markdown with tables,
attr_list, md_in_html, sane_lists and toc).

Every heading carries its tree anchor as `{#anchor}`, so a `Ref` is a relative link
`page.md#anchor` that MkDocs checks in strict mode. Text goes through `escape.md_text`; the
only raw HTML is what this module generates itself (field tables, articles, diagrams, line
breaks), with every value escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ... import tree as t
from .escape import attr, guard_line, md_text, safe_url
from .pages import Page, SitePlan

SvgRenderer = Callable[[t.Diagram, Callable[[str], str | None]], str]

# Blocks that need raw HTML at the start of a line; inside a list item they force the list
# to be written as HTML with `markdown` attributes (md_in_html).
_RAW_BLOCKS = (t.FieldList, t.Articles, t.Diagram)


class MarkdownRenderer:
    """Renders one page at a time; links are relative to the page being rendered."""

    def __init__(self, doc: t.Document, site: SitePlan, svg: SvgRenderer) -> None:
        self.doc = doc
        self.site = site
        self.svg = svg
        self.page: Page = site.home
        self._diagrams = 0

    # ------------------------------------------------------------------ pages

    def render_all(self) -> dict[str, str]:
        """docs-relative path -> Markdown source, for every page of the plan."""
        return {p.path: self.render_page(p) for p in self.site.pages()}

    def render_page(self, page: Page) -> str:
        self.page = page
        self._diagrams = 0
        lines = self._home() if page.section is None else self._section(page.section, 1)
        return "\n".join(_squeeze(lines)).strip("\n") + "\n"

    def _home(self) -> list[str]:
        meta = self.doc.meta
        label = meta.label
        out = [f"# {md_text(meta.title)} {{#hb-home}}", ""]
        if meta.subtitle:
            out += [guard_line(md_text(meta.subtitle)), "{: .hb-subtitle }", ""]
        facts = [meta.organization, meta.edition.name,
                 f"{label('doc_number')} {meta.doc_number}",
                 f"{label('version')} {meta.current.version}",
                 f"{label('published')} {meta.current.date}"]
        if meta.current.effective:
            facts.append(f"{label('effective')} {meta.current.effective}")
        out += [guard_line(" · ".join(md_text(f) for f in facts)), "{: .hb-meta }", ""]
        front = self.doc.front or (self._control_fields(),)
        out += [f"## {md_text(label('document_control'))} {{#hb-document-control}}", ""]
        out += self._blocks(front)
        for s in self.doc.sections:  # top-level sections that are not pages of their own
            if not s.page:
                out += self._section(s, 2)
        out += [f"## {md_text(label('toc'))} {{#hb-contents}}", ""]
        for p in self.site.chapters:
            out.append(f"- [{md_text(p.title)}]({p.path})")
        out.append("")
        return out

    def _control_fields(self) -> t.FieldList:
        meta, label = self.doc.meta, self.doc.meta.label
        rev = meta.current
        pairs = [("doc_number", meta.doc_number), ("version", rev.version),
                 ("published", rev.date), ("effective", rev.effective),
                 ("prepared_by", rev.prepared_by), ("reviewed_by", rev.reviewed_by),
                 ("approved_by", rev.approved_by)]
        return t.FieldList(tuple(t.Field(label(k), (t.Text(v),)) for k, v in pairs if v))

    def _section(self, s: t.Section, depth: int) -> list[str]:
        """`s` as a heading at `depth` with its blocks; page children are left out (they
        are pages of their own), other children follow as deeper headings."""
        level = min(depth, 6)
        out = [f"{'#' * level} {md_text(s.title)} {{#{s.anchor}}}", ""]
        out += self._blocks(s.blocks)
        for c in s.children:
            if not c.page:
                out += self._section(c, depth + 1)
        if s is self.page.section and self.page.children:
            out += self._page_list()
        return out

    def _page_list(self) -> list[str]:
        """Links to the pages below a chapter page (its entities), like a small contents."""
        out = ['<div class="hb-pages" markdown>', ""]
        for p in self.page.children:
            out.append(f"- [{md_text(p.title)}]({self.site.md_link_to_page(p, self.page)})")
        return [*out, "", "</div>", ""]

    # ------------------------------------------------------------------ blocks

    def _blocks(self, blocks: tuple[t.Block, ...]) -> list[str]:
        out: list[str] = []
        previous: t.Block | None = None
        for b in blocks:
            if (isinstance(b, (t.BulletList, t.OrderedList))
                    and isinstance(previous, (t.BulletList, t.OrderedList))):
                out += ["<!-- -->", ""]  # keeps two adjacent lists from merging into one
            out += self._block(b)
            out.append("")
            previous = b
        return out

    def _block(self, b: t.Block) -> list[str]:
        if isinstance(b, t.Paragraph):
            text = self._inlines(b.children)
            return [guard_line(text)] if text.strip() else []
        if isinstance(b, (t.BulletList, t.OrderedList)):
            return self._list(b)
        if isinstance(b, t.Table):
            return self._table(b)
        if isinstance(b, t.FieldList):
            return self._fields(b)
        if isinstance(b, t.Articles):
            return self._articles(b)
        if isinstance(b, t.Diagram):
            return self._diagram(b)
        raise TypeError(f"unknown block {type(b).__name__}")

    def _list(self, lst: t.BulletList | t.OrderedList) -> list[str]:
        ordered = isinstance(lst, t.OrderedList)
        if any(isinstance(b, _RAW_BLOCKS) for item in lst.items for b in item):
            return self._html_list(lst)
        start = lst.start if isinstance(lst, t.OrderedList) else 1
        loose = any(len(item) > 1 for item in lst.items)
        out: list[str] = []
        for i, item in enumerate(lst.items):
            marker = f"{start + i}. " if ordered else "- "
            body = self._blocks(item)
            while body and not body[-1]:
                body.pop()
            if not body or not body[0]:
                body = ["&nbsp;", *body]  # an empty item still needs its marker line
            out.append(marker + body[0])
            out += [("    " + line) if line else "" for line in body[1:]]
            if loose:
                out.append("")
        return out

    def _html_list(self, lst: t.BulletList | t.OrderedList) -> list[str]:
        if isinstance(lst, t.OrderedList):
            tag = "ol"
            open_tag = f'<ol start="{lst.start}" markdown>' if lst.start != 1 else "<ol markdown>"
        else:
            tag, open_tag = "ul", "<ul markdown>"
        out = [open_tag]
        for item in lst.items:
            out += ["<li markdown>", "", *self._blocks(item), "</li>"]
        out.append(f"</{tag}>")
        return out

    def _table(self, table: t.Table) -> list[str]:
        ncols = max([len(table.header), *(len(r) for r in table.rows)])
        if ncols == 0:
            return []
        out: list[str] = []
        if table.caption:
            out += [guard_line(md_text(table.caption)), "{: .hb-caption }", ""]
        out.append(self._row(table.header, ncols))
        out.append("|" + "|".join(["---"] * ncols) + "|")
        out += [self._row(r, ncols) for r in table.rows]
        return out

    def _row(self, cells: tuple[tuple[t.Inline, ...], ...], ncols: int) -> str:
        texts = [self._inlines(c) for c in cells]
        texts += [""] * (ncols - len(texts))
        return "| " + " | ".join(texts) + " |"

    def _fields(self, fl: t.FieldList) -> list[str]:
        # A Markdown table needs a header row; ours is empty and hidden by the site CSS.
        out = ['<div class="hb-fields" markdown>', "", "| | |", "|---|---|"]
        out += [f"| {md_text(f.label)} | {self._inlines(f.value)} |" for f in fl.fields]
        return [*out, "", "</div>"]

    def _articles(self, arts: t.Articles) -> list[str]:
        out: list[str] = []
        for a in arts.articles:
            number = f"<strong class=\"hb-article-no\">{md_text(a.number)}</strong>"
            out += [f'<div class="hb-article" id="{attr(a.anchor)}" markdown>', ""]
            blocks = list(a.blocks)
            if blocks and isinstance(blocks[0], t.Paragraph):
                first = blocks.pop(0)
                out += [f"{number} {self._inlines(first.children)}".rstrip(), ""]
            else:
                out += [number, ""]
            out += self._blocks(tuple(blocks))
            out += ["</div>", ""]
        return out

    def _diagram(self, d: t.Diagram) -> list[str]:
        self._diagrams += 1
        page = self.page
        site = self.site

        def link(anchor: str) -> str | None:  # nodes may name steps without a section
            return site.html_link(anchor, page) if anchor in site.page_of else None

        svg = self.svg(d, link)
        svg = _prefix_ids(svg, f"hb-d{self._diagrams}-")
        # Graphviz titles every node with its id (tooltips like "role-sales-rep", and noise in
        # the search index); the drawing gets one title, its own.
        svg = _SVG_TITLE.sub("", svg)
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f"\n<title>{attr(d.title)}</title>",
                     svg, count=1)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{attr(d.title)}" ', 1)
        svg = "\n".join(line for line in svg.splitlines() if line.strip())
        return [f'<figure class="hb-diagram hb-diagram-{attr(d.kind)}">', svg,
                f"<figcaption>{attr(d.title)}</figcaption>", "</figure>"]

    # ------------------------------------------------------------------ inlines

    def _inlines(self, inlines: tuple[t.Inline, ...]) -> str:
        return "".join(self._inline(i) for i in inlines)

    def _inline(self, node: t.Inline) -> str:
        if isinstance(node, t.Text):
            return md_text(node.text)
        if isinstance(node, t.Strong):
            return f"<strong>{self._inlines(node.children)}</strong>"
        if isinstance(node, t.Emphasis):
            return f"<em>{self._inlines(node.children)}</em>"
        if isinstance(node, t.Code):
            return f"<code>{md_text(node.text)}</code>"
        if isinstance(node, t.LineBreak):
            return "<br>"
        if isinstance(node, t.Ref):
            label = self._inlines(node.children) or md_text(self.site.title_of.get(
                node.anchor, node.anchor))
            return f"[{label}]({self.site.md_link(node.anchor, self.page)})"
        if isinstance(node, t.Link):
            label = self._inlines(node.children)
            url = safe_url(node.url)
            if url is None:
                return label or md_text(node.url)
            return f"[{label or md_text(node.url)}]({url})"
        raise TypeError(f"unknown inline {type(node).__name__}")


_SVG_TITLE = re.compile(r"<title>.*?</title>\n?", re.S)
_SVG_ID = re.compile(r'\bid="([^"]+)"')


def _prefix_ids(svg: str, prefix: str) -> str:
    """Graphviz numbers its ids (node1, edge1 ...) per drawing; two diagrams on a page, or a
    tree anchor called node1, would clash."""
    svg = _SVG_ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    return re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}{m.group(1)})", svg)


def _squeeze(lines: list[str]) -> list[str]:
    """Collapse runs of blank lines (cosmetic; keeps the golden files tidy)."""
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return out
