"""Assemble the print HTML and stylesheet from the templates.

`print.html.j2` lays out the cover, the document control page, the contents and the body;
`print.css` is rendered through the same sandboxed Jinja environment so that the running
headers and footers can carry the handbook's own words. A handbook overrides either file by
putting one with the same name under its own `templates/print/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ... import tree as t
from ..context import WriterContext
from .html import HtmlRenderer

HTML_TEMPLATE = "print/print.html.j2"
CSS_TEMPLATE = "print/print.css"
GENERATOR = "handbook"


@dataclass(frozen=True)
class PrintSource:
    html: str
    css: str
    css_path: Path  # the stylesheet file used, for resolving its relative url()s


def css_string(value: object) -> Markup:
    """A CSS string literal: safe for any text, including quotes, backslashes and newlines."""
    out = []
    for ch in str(value):
        if ch in "\"\\" or ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "<>&":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


def page_counter_content(template: str) -> Markup:
    """'第 {page} 页 / 共 {pages} 页' → the CSS `content` value with page counters."""
    parts = []
    for piece in re.split(r"(\{pages?\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts) or '""')


def cover_facts(meta: t.Meta) -> list[tuple[str, str]]:
    """The label/value lines of the cover, in the order a reader looks for them."""
    facts = [(meta.label("doc_number"), meta.doc_number),
             (meta.label("version"), meta.current.version),
             (meta.label("published"), meta.current.date)]
    if meta.current.effective:
        facts.append((meta.label("effective"), meta.current.effective))
    facts.append((meta.label("edition"), meta.edition.name))
    if meta.confidentiality:
        facts.append((meta.label("confidentiality"), meta.confidentiality))
    return facts


def template_context(doc: t.Document) -> dict[str, object]:
    meta = doc.meta
    renderer = HtmlRenderer(doc)
    labels = dict(meta.labels)
    return {
        "meta": meta,
        "lang": meta.language,
        "labels": labels,
        "title": meta.title,
        "subtitle": meta.subtitle,
        "organization": meta.organization,
        "doc_number": meta.doc_number,
        "version": meta.current.version,
        "published": meta.current.date,
        "effective": meta.current.effective,
        "confidentiality": meta.confidentiality,
        "edition": meta.edition.name,
        "role_title": meta.role_title,
        "created": meta.first.date,
        "modified": meta.current.date,
        "generator": GENERATOR,
        "colon": ": " if meta.language == "en" else "：",
        "cover_facts": cover_facts(meta),
        "front": Markup(renderer.front()),
        "toc": renderer.toc(),
        "body": Markup(renderer.body()),
        # for print.css
        "running_title": css_string(meta.title),
        "running_footer": css_string(
            f"{meta.doc_number}\u2003{meta.label('version')} {meta.current.version}"),
        "page_x_of_y": page_counter_content(meta.label("page_x_of_y")),
    }


def build_source(doc: t.Document, ctx: WriterContext) -> PrintSource:
    """The print HTML and CSS for `doc`: deterministic text, no absolute paths in the HTML."""
    env = ctx.templates.jinja()
    env.filters["css_string"] = css_string
    context = template_context(doc)
    html = env.get_template(HTML_TEMPLATE).render(context)
    css = env.get_template(CSS_TEMPLATE).render(context)
    return PrintSource(html=html, css=css, css_path=ctx.templates.find(CSS_TEMPLATE))
