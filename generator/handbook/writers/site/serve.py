"""Live preview for `handbook serve`: build, serve the output folder on localhost, rebuild
when a watched file changes.

The build itself is passed in (the CLI knows how to build a handbook; this module only
knows about files and HTTP). The pipeline publishes atomically, so the server can keep
serving the last good output while a rebuild runs, and a failed rebuild leaves it in place.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


# Injected into pages as they are served (never written into build output): polls the build
# counter and reloads the page when a rebuild has finished.
RELOAD_JS = (b"<script>(function(){var v=null;setInterval(function(){fetch('/__build')"
             b".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)"
             b"location.reload();v=t}).catch(function(){})},1000)})();</script>")


class _Builds:
    def __init__(self) -> None:
        self.count = 0


class _QuietHandler(SimpleHTTPRequestHandler):
    builds: _Builds | None = None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.builds is None:
            return super().do_GET()
        if self.path == "/__build":
            return self._send(str(self.builds.count).encode(), "text/plain")
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            body = target.read_bytes().replace(b"</body>", RELOAD_JS + b"</body>", 1)
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000,
                builds: _Builds | None = None) -> ThreadingHTTPServer:
    """An HTTP server for the folder `root` (port 0 picks a free port); with `builds`, pages
    reload themselves after each rebuild."""
    handler_cls = type("_Handler", (_QuietHandler,), {"builds": builds})
    handler = functools.partial(handler_cls, directory=str(root))
    return ThreadingHTTPServer((host, port), handler)


def _snapshot(paths: Sequence[Path]) -> dict[str, tuple[int, int]]:
    state: dict[str, tuple[int, int]] = {}
    for base in paths:
        files = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for f in files:
            if f.is_file() and not any(p.startswith(".") for p in f.parts[-3:]):
                st = f.stat()
                state[str(f)] = (st.st_mtime_ns, st.st_size)
    return state


def serve(build: Callable[[], Path], watch: Sequence[Path], host: str = "127.0.0.1",
          port: int = 8000, *, interval: float = 0.5, log: Callable[[str], None] = print,
          stop: threading.Event | None = None) -> None:
    """Run `build()` (which returns the output folder), serve it at http://host:port/ and
    rebuild whenever a file under `watch` changes, until `stop` is set or Ctrl-C.

    Polls modification times every `interval` seconds: dependable on every file system and
    enough for a handful of YAML files.
    """
    stop = stop or threading.Event()
    root = build()
    builds = _Builds()
    server = make_server(root, host, port, builds)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    log(f"Serving {root} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    state = _snapshot(watch)
    try:
        while not stop.wait(interval):
            now = _snapshot(watch)
            if now == state:
                continue
            time.sleep(interval)  # let an editor finish writing
            state = _snapshot(watch)
            log("Change detected, rebuilding ...")
            try:
                build()
                builds.count += 1
                log("Rebuilt.")
            except Exception as e:  # keep serving the last good output
                log(f"Rebuild failed: {e}")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
