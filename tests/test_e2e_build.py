"""End to end: `handbook build` on the small handbook under tests/minimal, through the real
CLI, every edition and format. Checks the manifest, atomic publishing, reproducibility, and
that the three formats carry the same headings, text and cross-references (no drift)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest

from handbook import tree as t
from handbook.builder import build_document
from handbook.cli import main
from handbook.diagnostics import Diagnostics
from handbook.loader.directory import load_handbook
from support.trees import ref_anchors

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "minimal"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "site"
    assert main(["build", str(MINIMAL), "--out", str(out), "--quiet"]) == 0
    return out


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _sha(path: Path) -> str:
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(f.relative_to(path).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def test_manifest_lists_every_edition_and_format(built: Path) -> None:
    m = _manifest(built)
    assert m["handbook"] == {"title": "销售管理手册", "doc_number": "SL-YX-001", "version": "1.1"}
    got = {(a["edition"], a["format"]) for a in m["artifacts"]}
    assert got == {(e, f) for e in ("base", "east", "hk") for f in ("site", "pdf", "docx")}
    for a in m["artifacts"]:
        assert a["role"] is None
        path = built / a["path"]
        assert path.exists(), a
        assert a["sha256"] == _sha(path)
        if a["format"] == "site":
            assert (path / "index.html").is_file()
    pdf = next(a for a in m["artifacts"] if a["edition"] == "base" and a["format"] == "pdf")
    assert pdf["path"] == "downloads/base/SL-YX-001-v1.1.pdf"
    landing = (built / "index.html").read_text(encoding="utf-8")
    for edition in ("editions/base/", "editions/east/", "editions/hk/"):
        assert edition in landing


def test_same_sources_give_byte_identical_outputs(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(["build", str(MINIMAL), "--out", str(again), "--quiet", "--jobs", "1"]) == 0
    assert _manifest(again) == _manifest(built)


def test_failed_build_leaves_the_last_good_output_untouched(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "hb"
    shutil.copytree(MINIMAL, src)
    out = tmp_path / "out"
    args = ["build", str(src), "--out", str(out), "--quiet", "--edition", "base",
            "--format", "docx"]
    assert main(args) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    role = src / "data" / "roles" / "sales-rep.yml"
    role.write_text(role.read_text(encoding="utf-8").replace("department: sales",
                                                             "department: nowhere"),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "data/roles/sales-rep.yml:" in err and "unknown department 'nowhere'" in err
    assert "nothing was written" in err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".out.staging-*"))


def test_partial_build_keeps_other_artifacts_in_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = ["build", str(MINIMAL), "--out", str(out), "--quiet", "--format", "docx"]
    assert main([*base, "--edition", "base"]) == 0
    assert main([*base, "--edition", "east"]) == 0
    got = {(a["edition"], a["format"]) for a in _manifest(out)["artifacts"]}
    assert got == {("base", "docx"), ("east", "docx")}


def test_onboarding_manual_for_one_role(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(MINIMAL), "--role", "sales-rep", "--edition", "hk",
                 "--format", "pdf", "--format", "docx", "--out", str(out), "--quiet"]) == 0
    arts = _manifest(out)["artifacts"]
    assert {(a["edition"], a["role"], a["format"]) for a in arts} == {
        ("hk", "sales-rep", "pdf"), ("hk", "sales-rep", "docx")}
    pdf = out / next(a["path"] for a in arts if a["format"] == "pdf")
    assert pdf.name == "SL-YX-001-hk-sales-rep-v1.1.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "銷售代表" in text and "销售代表" not in text  # Traditional, converted by OpenCC
    assert "入職手冊" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "CJK-TC" in fonts and "CJK-SC" not in fonts


def test_unknown_role_or_edition_is_a_content_error(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    assert main(["build", str(MINIMAL), "--role", "sales-repp", "--out",
                 str(tmp_path / "o"), "-q"]) == 1
    assert "unknown role 'sales-repp'; did you mean 'sales-rep'?" in capsys.readouterr().err
    assert main(["build", str(MINIMAL), "--edition", "eest", "--out",
                 str(tmp_path / "o"), "-q"]) == 1
    assert "unknown edition 'eest'; did you mean 'east'?" in capsys.readouterr().err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


# --------------------------------------------------------------------------- no drift


def _tree() -> t.Document:
    diags = Diagnostics()
    hb = load_handbook(MINIMAL, diags)
    assert not diags
    return build_document(hb, "base")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _front_labels(doc: t.Document) -> set[str]:
    return {doc.meta.label("document_control"), doc.meta.label("toc")}


def test_docx_pdf_and_site_have_the_same_headings_in_the_same_order(built: Path) -> None:
    doc = _tree()
    want = [(s.level, s.title) for s in t.walk_sections(doc.sections)]
    skip = _front_labels(doc)

    d = docx.Document(str(built / "downloads/base/SL-YX-001-v1.1.docx"))
    got_docx = [(int(p.style.name.split()[-1]), p.text) for p in d.paragraphs
                if p.style.name.startswith("Heading ") and p.text not in skip]
    assert got_docx == want

    def flat(outline: list, level: int = 1) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for item in outline:
            if isinstance(item, list):
                out.extend(flat(item, level + 1))
            else:
                out.append((level, item.title))
        return out

    reader = pypdf.PdfReader(str(built / "downloads/base/SL-YX-001-v1.1.pdf"))
    got_pdf = [x for x in flat(reader.outline) if x[1] not in skip]
    assert got_pdf == want

    site = built / "editions/base"
    headings: dict[str, str] = {}
    for page in site.rglob("*.html"):
        for _, anchor, inner in re.findall(r'<h(\d) id="([^"]+)"[^>]*>(.*?)</h\1>',
                                           page.read_text(encoding="utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", inner))
            headings[anchor] = text.replace("\u00b6", "").strip()
    for s in t.walk_sections(doc.sections):
        assert headings.get(s.anchor) == s.title, s.anchor


def _paragraph_texts(doc: t.Document) -> list[str]:
    out = []
    for s in t.walk_sections(doc.sections):
        for b in s.blocks:
            if isinstance(b, t.Paragraph):
                out.append(t.inline_text(b.children))
            elif isinstance(b, t.Articles):
                out.extend(t.inline_text(p.children) for a in b.articles for p in a.blocks
                           if isinstance(p, t.Paragraph))
    return [x for x in out if x.strip()]


def test_every_paragraph_of_the_tree_is_in_all_three_formats(built: Path) -> None:
    doc = _tree()
    paragraphs = _paragraph_texts(doc)
    assert len(paragraphs) > 10
    d = docx.Document(str(built / "downloads/base/SL-YX-001-v1.1.docx"))
    docx_text = _squash("".join(p.text for p in d.paragraphs))
    pdf_text = _squash(subprocess.run(
        ["pdftotext", str(built / "downloads/base/SL-YX-001-v1.1.pdf"), "-"],
        capture_output=True, text=True, check=True).stdout)
    site_text = _squash("".join(
        html.unescape(re.sub(r"<[^>]+>", "", p.read_text(encoding="utf-8")))
        for p in sorted((built / "editions/base").rglob("*.html"))))
    for para in paragraphs:
        assert _squash(para) in docx_text, para
        assert _squash(para) in pdf_text, para
        assert _squash(para) in site_text, para


def test_every_cross_reference_is_a_link_in_all_three_formats(built: Path) -> None:
    refs = ref_anchors(_tree().sections)
    assert len(refs) > 10

    from handbook.writers.docx.bookmarks import bookmark_name

    xml = subprocess.run(["unzip", "-p", str(built / "downloads/base/SL-YX-001-v1.1.docx"),
                          "word/document.xml"], capture_output=True, check=True).stdout.decode()
    docx_links = set(re.findall(r'<w:hyperlink [^>]*w:anchor="([^"]+)"', xml))
    assert {bookmark_name(a) for a in refs} <= docx_links

    reader = pypdf.PdfReader(str(built / "downloads/base/SL-YX-001-v1.1.pdf"))
    pdf_targets: set[str] = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            dest = a.get("/Dest") or (a.get("/A") or {}).get("/D")
            if isinstance(dest, str):
                pdf_targets.add(dest)
    assert refs <= pdf_targets

    site_targets: set[str] = set()
    for page in (built / "editions/base").rglob("*.html"):
        site_targets.update(re.findall(r'href="[^"#]*#([^"]+)"', page.read_text("utf-8")))
        site_targets.update(re.findall(r'href="[^"#/]*/?([a-z]+-[a-z0-9-]+)\.html"',
                                       page.read_text("utf-8")))
    assert refs <= site_targets


def test_progress_is_a_line_per_artifact_but_quiet_in_ci(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["build", str(MINIMAL), "--out", str(tmp_path / "o"), "--format", "docx"]
    monkeypatch.delenv("CI", raising=False)
    assert main(args) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [ln.split()[0] for ln in lines[:3]] == ["[1/3]", "[2/3]", "[3/3]"]
    assert lines[-1].startswith("built 3 artifacts into ")
    monkeypatch.setenv("CI", "true")
    assert main(args) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("built 3 artifacts")
    assert main([*args, "--verbose"]) == 0
    assert len(capsys.readouterr().err.splitlines()) == 4


def test_a_step_without_id_cannot_take_the_anchor_of_a_step_with_one(tmp_path: Path) -> None:
    src = tmp_path / "hb"
    shutil.copytree(MINIMAL, src)
    proc = src / "data/processes/customer-visit.yml"
    proc.write_text(proc.read_text(encoding="utf-8").replace(
        "  - id: plan\n", "  - name: 准备\n    actor: manager\n  - id: s1\n"), encoding="utf-8")
    diags = Diagnostics()
    doc = build_document(load_handbook(src, diags), "base")
    assert not diags
    steps = [s.anchor for s in t.walk_sections(doc.sections) if "-step-" in s.anchor]
    assert len(steps) == len(set(steps)) == 4
