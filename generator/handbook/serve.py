"""`handbook serve`: build one edition's site through the pipeline and preview it with live
reload (the server itself is `writers.site.serve`)."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from .pipeline import build
from .writers.site.serve import serve as serve_site

WATCHED = ("handbook.yml", "data", "content", "templates", "mkdocs.yml")


class _ContentErrors(Exception):
    pass


def serve(root: Path, edition: str, host: str, port: int) -> int:
    root = root.resolve()
    out = Path(tempfile.mkdtemp(prefix="handbook-serve-"))

    def rebuild() -> Path:
        result, diags = build(root, out, [edition], ["site"], jobs_n=1)
        for line in diags.lines():
            print(line, file=sys.stderr)
        if result is None:
            raise _ContentErrors(f"{len(diags.errors)} errors; still serving the last good site")
        return out

    try:
        def log(message: str) -> None:
            url = re.search(r"http://\S+/", message)
            if message.startswith("Serving") and url:
                message += f"\nthe {edition} edition: {url.group(0)}editions/{edition}/"
            print(message, file=sys.stderr, flush=True)

        serve_site(rebuild, [root / name for name in WATCHED], host, port, log=log)
    except _ContentErrors:
        return 1
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0
