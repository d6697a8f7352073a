"""The Word writer: one `tree.Document` → one editable, reproducible .docx.

The look comes from a reference document (`templates/reference.docx`, or the handbook's own
`templates/reference.docx`): its styles, list numbering, page size and margins. The writer
discards the reference's body, names its styles for every paragraph, run and table, and adds
the cover, document control, table of contents, headers and footers around the tree.

    write(doc, dest, ctx)   # the pipeline's entry point
    render(doc, reference)  # the .docx bytes, for tests and tools
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from docx.document import Document as DocxDocument

from ... import tree as t
from ...templates import DEFAULT_TEMPLATES
from ..context import WriterContext
from .body import BodyBuilder
from .bookmarks import Bookmarks
from .front import front_matter
from .numbering import Numbering
from .package import save_normalized, set_core_properties
from .page import apply_language, headers_and_footers, layout, update_fields_on_open
from .styles import StyleSheet

REFERENCE = "reference.docx"

__all__ = ["REFERENCE", "render", "write"]


def _default_reference() -> Callable[[], DocxDocument]:
    """Loads the default reference only if a branded one lacks something, once per build."""
    loaded: list[DocxDocument] = []

    def load() -> DocxDocument:
        if not loaded:
            loaded.append(docx.Document(str(DEFAULT_TEMPLATES / REFERENCE)))
        return loaded[0]

    return load


def render(doc: t.Document, reference: Path) -> bytes:
    """The Word file for `doc` styled by `reference`, as bytes (identical for the same input)."""
    document = docx.Document(str(reference))
    default = _default_reference()
    styles = StyleSheet(document, default)
    numbering = Numbering(document, styles, default)
    apply_language(document, doc.meta.language)
    builder = BodyBuilder(document, doc.meta, styles, numbering, Bookmarks(t.anchors(doc)),
                          layout(document))

    body = document.element.body
    body.clear_content()
    sect_pr = body.get_or_add_sectPr()
    body.remove(sect_pr)
    front_matter(builder, body, doc)
    for section in doc.sections:
        builder.section(body, section)
    builder.separate_tables(body)
    body.append(sect_pr)

    headers_and_footers(document, builder, doc.meta)
    update_fields_on_open(document)
    set_core_properties(document, doc.meta)
    return save_normalized(document)


def write(doc: t.Document, dest: Path, ctx: WriterContext) -> None:
    """Write `doc` to the .docx file `dest`, styled by the handbook's reference document."""
    data = render(doc, ctx.templates.find(REFERENCE))
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    partial.write_bytes(data)
    partial.replace(dest)
