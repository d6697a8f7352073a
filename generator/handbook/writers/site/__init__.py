"""The website writer: every edition as an offline-safe mkdocs-material site.

`write` renders one edition into its folder, `write_landing` the root page that lists the
editions, `serve` a live preview for `handbook serve`.
"""

from __future__ import annotations

from .build import SiteBuildError, render_markdown, write
from .config import SiteConfigError
from .landing import write_landing
from .serve import serve

__all__ = ["SiteBuildError", "SiteConfigError", "render_markdown", "serve", "write",
           "write_landing"]
