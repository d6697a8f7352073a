"""The PDF writer: the tree as print HTML with paged-media CSS, laid out by WeasyPrint.

`write(doc, dest, ctx)` is what the pipeline calls; `build_source` and `render_pdf` are the
two halves, for tests and for tools that want the print HTML.
"""

from __future__ import annotations

from .fetcher import SafeFetcher, UnsafeResourceError
from .page import PrintSource, build_source
from .render import PdfError, render_pdf, write

__all__ = ["PdfError", "PrintSource", "SafeFetcher", "UnsafeResourceError", "build_source",
           "render_pdf", "write"]
