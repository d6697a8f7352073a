"""Run WeasyPrint on the print HTML and write the PDF.

The output depends only on the tree and the templates: dates come from the revision log
(via <meta name="dcterms.*">), the file identifier is a hash of the content, fonts are
subset with stable names, and no absolute path reaches the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ...templates import DEFAULT_TEMPLATES
from ...tree import Document
from ..context import WriterContext
from .fetcher import SafeFetcher
from .page import PrintSource, build_source

PACKAGE_ASSETS = Path(__file__).resolve().parents[2] / "assets"


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why."""


def allowed_roots(ctx: WriterContext) -> list[Path]:
    return [ctx.handbook_dir, DEFAULT_TEMPLATES, PACKAGE_ASSETS]


def _dir_url(path: Path) -> str:
    return path.resolve().as_uri().rstrip("/") + "/"


def render_pdf(source: PrintSource, ctx: WriterContext) -> bytes:
    """The PDF bytes for already assembled print HTML and CSS."""
    fetcher = SafeFetcher(allowed_roots(ctx))
    fonts = FontConfiguration()
    try:
        stylesheet = CSS(string=source.css, base_url=_dir_url(source.css_path.parent),
                         url_fetcher=fetcher, font_config=fonts)
        document = HTML(string=source.html, base_url=_dir_url(ctx.handbook_dir),
                        url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[stylesheet], font_config=fonts,
                                 pdf_identifier=True)
    except FatalURLFetchingError as exc:
        raise PdfError(f"PDF: {exc.__cause__ or exc}") from None
    assert isinstance(pdf, bytes)
    return pdf


def write(doc: Document, dest: Path, ctx: WriterContext) -> None:
    """Write the print-ready PDF of `doc` to the file `dest`."""
    pdf = render_pdf(build_source(doc, ctx), ctx)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_bytes(pdf)
    os.replace(tmp, dest)
