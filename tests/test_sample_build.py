"""The repository's own sample handbook builds: every edition as site and Word, the base
edition and the Traditional Chinese edition as PDF. Catches content-specific breakage
(a strict-mode site warning, a diagram Graphviz rejects) that the small handbooks miss."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from handbook.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    assert main(["build", str(ROOT), "--out", str(out), "-q", "--format", "site",
                 "--format", "docx"]) == 0
    assert main(["build", str(ROOT), "--out", str(out), "-q", "--format", "pdf",
                 "--edition", "base", "--edition", "hkmo"]) == 0
    return out


def test_every_edition_is_in_the_manifest(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    regions = ["north", "northeast", "east", "southeast", "south", "central", "southwest",
               "northwest", "hkmo"]
    got = {(a["edition"], a["format"]) for a in manifest["artifacts"]}
    want = {(e, f) for e in ["base", *regions] for f in ("site", "docx")}
    want |= {("base", "pdf"), ("hkmo", "pdf")}
    assert got == want
    assert manifest["handbook"]["version"] == "2.0"


def test_hkmo_edition_is_traditional_and_has_its_own_content(out: Path) -> None:
    text = subprocess.run(["pdftotext", str(out / "downloads/hkmo/HX-YX-001-hkmo-v2.0.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    assert "銷售管理手冊" in text and "销售管理手册" not in text
    assert "港澳業務專員" in text  # a role that exists only in this edition
    base = subprocess.run(["pdftotext", str(out / "downloads/base/HX-YX-001-v2.0.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "港澳业务专员" not in base and "港澳業務專員" not in base


def test_region_values_are_filled_in_per_edition(out: Path) -> None:
    def page_text(edition: str) -> str:
        return "".join(p.read_text(encoding="utf-8")
                       for p in (out / "editions" / edition).rglob("*.html"))

    east, base = page_text("east"), page_text("base")
    assert "{{" not in east and "{{" not in base
    # data/regions.yml: defaults.hotline 400-820-6688, east's own hotline 400-820-6603
    assert "服务热线400-820-6603" in east and "400-820-6688" not in east
    assert "服务热线400-820-6688" in base and "400-820-6603" not in base
