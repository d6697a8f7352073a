"""The front matter: cover page, document control page and table of contents.

Each part starts on its own page because its first style ("Front Heading", "TOC Heading",
"heading 1") says so in the reference document, not because the writer inserts breaks.
"""

from __future__ import annotations

from ... import tree as t
from .body import BodyBuilder, distribute
from .fields import TocEntry, toc_paragraphs
from .ooxml import Element, sub, val

TOC_DEPTH = t.TOC_DEPTH
COVER_TABLE_WIDTH = 5600  # twips; a narrow centred block of label/value pairs


def cover(b: BodyBuilder, parent: Element, meta: t.Meta) -> None:
    """Organisation, title, subtitle, role, edition and the key facts of the document."""
    b.text_paragraph(parent, "Cover Organization", meta.organization)
    b.text_paragraph(parent, "Title", meta.title)
    if meta.subtitle:
        b.text_paragraph(parent, "Subtitle", meta.subtitle)
    if meta.role_title:
        colon = "：" if b.zh else ": "
        b.text_paragraph(parent, "Subtitle", f"{meta.label('onboarding')}{colon}{meta.role_title}")
    b.text_paragraph(parent, "Cover Edition", meta.edition.name)
    facts = [("doc_number", meta.doc_number), ("version", meta.current.version),
             ("published", meta.current.date), ("effective", meta.current.effective),
             ("confidentiality", meta.confidentiality), ("owner", meta.owner)]
    rows = [(meta.label(key), value) for key, value in facts if value]
    widths = distribute(COVER_TABLE_WIDTH, [2, 3])
    tbl = sub(parent, "w:tbl")
    tbl_pr = sub(tbl, "w:tblPr")
    val(tbl_pr, "w:tblStyle", b.ids["Cover Table"])
    sub(tbl_pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
    sub(tbl_pr, "w:tblLook", {"w:firstRow": "0", "w:lastRow": "0", "w:firstColumn": "0",
                              "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1",
                              "w:val": "0600"})
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": str(width)})
    for label, value in rows:
        tr = sub(tbl, "w:tr")
        for text, width, style in ((label, widths[0], "Cover Label"),
                                   (value, widths[1], "Cover Value")):
            tc = sub(tr, "w:tc")
            sub(sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(width), "w:type": "dxa"})
            b.text_paragraph(tc, style, text)


def document_control(b: BodyBuilder, parent: Element, doc: t.Document) -> None:
    """The document-control page: the builder's front blocks under their own heading."""
    if not doc.front:
        return
    b.text_paragraph(parent, "Front Heading", doc.meta.label("document_control"))
    b.blocks(parent, doc.front)


def toc_entries(doc: t.Document, b: BodyBuilder) -> list[TocEntry]:
    entries = []
    for section in t.walk_sections(doc.sections):
        name = b.bookmarks.name(section.anchor)
        if section.level <= TOC_DEPTH and name is not None:
            entries.append(TocEntry(section.level, section.title, name))
    return entries


def table_of_contents(b: BodyBuilder, parent: Element, doc: t.Document) -> None:
    b.text_paragraph(parent, "TOC Heading", doc.meta.label("toc"))
    styles = {level: b.ids[f"toc {level}"] for level in range(1, TOC_DEPTH + 1)}
    for p in toc_paragraphs(toc_entries(doc, b), styles, doc.meta.label("toc")):
        parent.append(p)


def front_matter(b: BodyBuilder, parent: Element, doc: t.Document) -> None:
    cover(b, parent, doc.meta)
    document_control(b, parent, doc)
    table_of_contents(b, parent, doc)
