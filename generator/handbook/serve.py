"""`handbook serve`: a live preview of one edition's site.

The site is rebuilt through the normal pipeline whenever a file of the handbook changes;
pages served here get a tiny polling script (never written into build output) that reloads
the page once the build counter moves. Content errors are printed and the last good site
stays up.
"""

from __future__ import annotations

import http.server
import os
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

RELOAD_JS = (b"<script>(function(){var v=null;setInterval(function(){fetch('/__build')"
             b".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)"
             b"location.reload();v=t}).catch(function(){})},1000)})();</script>")
WATCHED = ("handbook.yml", "data", "content", "templates", "mkdocs.yml")


class _State:
    def __init__(self) -> None:
        self.build = 0
        self.lock = threading.Lock()


def _snapshot(root: Path) -> dict[str, float]:
    stamps: dict[str, float] = {}
    for name in WATCHED:
        p = root / name
        if p.is_file():
            stamps[name] = p.stat().st_mtime
        elif p.is_dir():
            for f in p.rglob("*"):
                if f.is_file():
                    stamps[str(f)] = f.stat().st_mtime
    return stamps


def _rebuild(root: Path, out: Path, edition: str, state: _State) -> None:
    from .pipeline import build

    t0 = time.perf_counter()
    result, diags = build(root, out, [edition], ["site"])
    for line in diags.lines():
        print(line, file=sys.stderr)
    if result is None:
        print("build failed; still serving the last good site", file=sys.stderr)
        return
    with state.lock:
        state.build += 1
    print(f"rebuilt in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: _State

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path == "/__build":
            body = str(self.state.build).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", RELOAD_JS + b"</body>", 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def serve(root: Path, edition: str, host: str, port: int, poll: float = 0.5) -> int:
    root = root.resolve()
    out = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    state = _State()
    _rebuild(root, out, edition, state)
    if state.build == 0:
        return 1
    handler = partial(_Handler, directory=str(out))
    _Handler.state = state
    server = http.server.ThreadingHTTPServer((host, port), handler)
    site = f"editions/{edition}/"
    print(f"serving http://{host}:{server.server_address[1]}/{site} (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seen = _snapshot(root)
    try:
        while True:
            time.sleep(poll)
            now = _snapshot(root)
            if now != seen:
                seen = now
                _rebuild(root, out, edition, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if os.environ.get("HANDBOOK_KEEP_SERVE") is None:
            import shutil

            shutil.rmtree(out, ignore_errors=True)
    return 0
