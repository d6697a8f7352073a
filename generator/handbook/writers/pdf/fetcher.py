"""The only way WeasyPrint may read a resource while printing.

Templates can come from a handbook repository, which is as untrusted as its content, and a
build must never touch the network or read files elsewhere on the machine. So the fetcher
serves `data:` URLs and files under a few allowed folders, and refuses everything else with
an error that stops the build (WeasyPrint would otherwise just warn and go on).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Types WeasyPrint decides on by MIME type; guessed from the suffix, never sniffed.
_TYPES = {".svg": "image/svg+xml", ".css": "text/css", ".woff2": "font/woff2",
          ".otf": "font/otf", ".ttf": "font/ttf", ".ttc": "font/collection"}


class UnsafeResourceError(FatalURLFetchingError):
    """A template asked for a resource outside the allowed folders or over the network."""


class SafeFetcher(URLFetcher):
    """Serves `data:` URLs and files inside `roots`; refuses everything else."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True,
                         allow_redirects=False)
        self.roots = tuple(dict.fromkeys(Path(r).resolve() for r in roots))

    def allowed_path(self, url: str) -> Path:
        """The local file `url` names, if it lies inside one of the roots."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise UnsafeResourceError(f"refused to fetch {url!r}: only files inside the "
                                      "handbook, the templates and data: URLs may be used")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(root == path or root in path.parents for root in self.roots):
            raise UnsafeResourceError(f"refused to read {path}: it is outside the handbook "
                                      "folder and the templates")
        if not path.is_file():
            raise UnsafeResourceError(f"resource not found: {path}")
        return path

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = self.allowed_path(url)
        mime = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(url, path.read_bytes(),
                                  {"Content-Type": mime or "application/octet-stream"})
