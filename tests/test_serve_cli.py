"""`handbook serve` as a user runs it: the edition is served, and saving a YAML file
rebuilds it and bumps the counter that served pages poll to reload themselves."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MINIMAL = Path(__file__).resolve().parent / "minimal"


def test_serve_rebuilds_after_an_edit(tmp_path: Path) -> None:
    src = tmp_path / "hb"
    shutil.copytree(MINIMAL, src)
    proc = subprocess.Popen([sys.executable, "-m", "handbook.cli", "serve", str(src),
                             "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None:
            assert time.monotonic() < deadline and proc.poll() is None
            line = proc.stderr.readline()
            m = re.search(r"edition: (http://127\.0\.0\.1:\d+/editions/base/)", line)
            url = m.group(1) if m else None
        root = url.split("editions/")[0]

        def get(u: str) -> str:
            with urllib.request.urlopen(u, timeout=10) as r:
                return r.read().decode()

        assert "拜访" in get(url + "glossary/index.html")
        assert get(root + "__build") == "0"
        glossary = src / "data" / "glossary.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8").replace("拜访", "走访"),
                            encoding="utf-8")
        while get(root + "__build") != "1":
            assert time.monotonic() < deadline + 30
            time.sleep(0.2)
        page = get(url + "glossary/index.html")
        assert "走访" in page and "fetch('/__build')" in page
    finally:
        proc.terminate()
        proc.wait(10)
