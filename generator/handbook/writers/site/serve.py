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


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for the folder `root` (port 0 picks a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
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
    server = make_server(root, host, port)
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
                log("Rebuilt.")
            except Exception as e:  # keep serving the last good output
                log(f"Rebuild failed: {e}")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
