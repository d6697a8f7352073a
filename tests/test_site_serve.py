"""`serve`: builds, serves the output on localhost, rebuilds when a watched file changes and
keeps serving the last good output when a rebuild fails."""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from pathlib import Path

from handbook.writers.site import serve


def test_serve_rebuilds_on_change(tmp_path: Path) -> None:
    src = tmp_path / "handbook" / "data.yml"
    src.parent.mkdir()
    src.write_text("v1", encoding="utf-8")
    out = tmp_path / "out"
    builds: list[str] = []

    def build() -> Path:
        text = src.read_text(encoding="utf-8")
        if text == "broken":
            raise ValueError("content error")
        out.mkdir(exist_ok=True)
        (out / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
        builds.append(text)
        return out

    logs: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(build, [src.parent]),
                              kwargs={"port": 0, "interval": 0.05, "log": logs.append,
                                      "stop": stop}, daemon=True)
    thread.start()

    def wait_for(cond, what: str) -> None:  # noqa: ANN001
        deadline = time.monotonic() + 10
        while not cond():
            assert time.monotonic() < deadline, f"timed out waiting for {what}: {logs}"
            time.sleep(0.02)

    wait_for(lambda: any("Serving" in m for m in logs), "the server")
    url = re.search(r"http://127\.0\.0\.1:\d+/", next(m for m in logs if "Serving" in m))[0]

    def fetch() -> str:
        with urllib.request.urlopen(url + "index.html", timeout=5) as r:
            return r.read().decode()

    assert fetch() == "<p>v1</p>"
    time.sleep(0.05)
    src.write_text("v2-longer", encoding="utf-8")
    wait_for(lambda: builds[-1] == "v2-longer", "the rebuild")
    assert fetch() == "<p>v2-longer</p>"
    src.write_text("broken", encoding="utf-8")
    wait_for(lambda: any("Rebuild failed: content error" in m for m in logs), "the failure")
    assert fetch() == "<p>v2-longer</p>"  # the last good output is still served
    stop.set()
    thread.join(5)
    assert not thread.is_alive()


def test_served_pages_reload_after_a_rebuild(tmp_path: Path) -> None:
    src = tmp_path / "watched.yml"
    src.write_text("1", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()

    def build() -> Path:
        (out / "index.html").write_text(
            f"<html><body><p>{src.read_text()}</p></body></html>", encoding="utf-8")
        return out

    logs: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(build, [src]),
                              kwargs={"port": 0, "interval": 0.05, "log": logs.append,
                                      "stop": stop}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not any("Serving" in m for m in logs):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    url = re.search(r"http://127\.0\.0\.1:\d+/", logs[0])[0]

    def get(path: str) -> str:
        with urllib.request.urlopen(url + path, timeout=5) as r:
            return r.read().decode()

    page = get("")
    assert "fetch('/__build')" in page and page.index("<script>") < page.index("</body>")
    assert get("__build") == "0"
    assert "fetch" not in (out / "index.html").read_text()  # never written into the output
    time.sleep(0.05)
    src.write_text("2", encoding="utf-8")
    while get("__build") != "1":
        assert time.monotonic() < deadline + 10, logs
        time.sleep(0.05)
    assert "<p>2</p>" in get("index.html")
    stop.set()
    thread.join(5)
