"""The PDF itself, read back with pypdf and poppler: pages, fonts, bookmarks, links, text.

PNGs of every page of the sample are written to tests/artifacts/pdf/ for a human look.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_html import context

from handbook import tree as t
from handbook.writers.pdf import write
from support.trees import T, small_document

ARTIFACTS = Path(__file__).parent / "artifacts" / "pdf"
ROOT = Path(__file__).resolve().parents[1]
A4 = (595.28, 841.89)
BODY = (71, 709)  # y, height in points: the text block between the running header and footer
HEADER = (0, 71)
FOOTER = (780, 62)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext, pdffonts) not installed")


@dataclasses.dataclass
class Built:
    doc: t.Document
    path: Path
    data: bytes
    reader: PdfReader
    seconds: float


def build(doc: t.Document, folder: Path, name: str) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    start = time.perf_counter()
    write(doc, path, context(folder))
    seconds = time.perf_counter() - start
    data = path.read_bytes()
    return Built(doc, path, data, PdfReader(io.BytesIO(data)), seconds)


def text(pdf: Path, page: int | None = None, crop: tuple[int, int] | None = None,
         layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if crop is not None:
        args += ["-x", "0", "-y", str(crop[0]), "-W", "596", "-H", str(crop[1])]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def outline(reader: PdfReader) -> list[tuple[str, int, list]]:
    """[(title, 1-based page, children)] from the PDF bookmarks."""
    def walk(items: list) -> list[tuple[str, int, list]]:
        out: list[tuple[str, int, list]] = []
        for item in items:
            if isinstance(item, list):
                title, page, _ = out[-1]
                out[-1] = (title, page, walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item) + 1, []))
        return out
    return walk(reader.outline)


def titles(tree: list[tuple[str, int, list]]) -> list[tuple[str, list]]:
    return [(title, titles(children)) for title, _, children in tree]


def flat_pages(tree: list[tuple[str, int, list]], depth: int = 99) -> list[tuple[str, int]]:
    """(title, page) of the bookmarks down to `depth` levels, in document order."""
    out: list[tuple[str, int]] = []
    for title, page, children in tree:
        out.append((title, page))
        if depth > 1:
            out.extend(flat_pages(children, depth - 1))
    return out


def section_titles(sections: tuple[t.Section, ...]) -> list[tuple[str, list]]:
    return [(s.title, section_titles(s.children)) for s in sections]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def sample(folder: Path) -> Built:
    built = build(small_document(), folder / "cn", "small.pdf")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("small-zh-CN-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(built.path),
                    str(ARTIFACTS / "small-zh-CN")], check=True)
    shutil.copy(built.path, ARTIFACTS / "small-zh-CN.pdf")
    print(f"\nsmall_document zh-CN: {len(built.reader.pages)} pages, {len(built.data)} bytes, "
          f"{built.seconds:.2f} s", file=sys.stderr)
    return built


@pytest.fixture(scope="module")
def sample_tw(folder: Path) -> Built:
    built = build(small_document("zh-TW", "hkmo"), folder / "tw", "small-tw.pdf")
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", str(built.path),
                    str(ARTIFACTS / "small-zh-TW")], check=True)
    return built


def test_pages_are_a4(sample: Built) -> None:
    assert len(sample.reader.pages) >= 9
    for page in sample.reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.05)


def test_fonts_are_noto_cjk_sc_embedded_and_subset(sample: Built) -> None:
    fonts = pdffonts(sample.path)
    names = {squash(name).replace("-", "") for name, _, _ in fonts}
    assert any("NotoSansCJKSC" in n for n in names)
    assert any("NotoSerifCJKSC" in n for n in names)
    # Japanese glyph shapes appear when lang is missing; any other family means a missing glyph
    for name, embedded, subset in fonts:
        assert re.fullmatch(r"[A-Z]{6}\+Noto-(Sans|Serif|Sans-Mono)-CJK-SC(-Bold)?", name), name
        assert embedded and subset, name


def test_traditional_edition_uses_tc_fonts(sample_tw: Built) -> None:
    fonts = pdffonts(sample_tw.path)
    assert fonts and all(re.search(r"CJK-TC", name) for name, _, _ in fonts), fonts
    assert sample_tw.reader.trailer["/Root"]["/Lang"] == "zh-TW"


def pdffonts(pdf: Path) -> list[tuple[str, bool, bool]]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    fonts = []
    for line in out:
        name, *_rest = line.split()
        flags = line.split()[-5:-2]  # emb sub uni
        fonts.append((name, flags[0] == "yes", flags[1] == "yes"))
    return fonts


def test_metadata_comes_from_the_revision_log(sample: Built) -> None:
    info = sample.reader.metadata
    assert info.title == "销售管理手册"
    assert info.author == "华夏智联科技股份有限公司"
    assert info["/CreationDate"].startswith("D:20240115")
    assert info["/ModDate"].startswith("D:20250310")
    assert sample.reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert b"/JavaScript" not in sample.data and b"/JS " not in sample.data


def test_bookmarks_follow_the_sections(sample: Built) -> None:
    doc = sample.doc
    expected = [(doc.meta.label("document_control"), []), (doc.meta.label("toc"), []),
                *section_titles(doc.sections)]
    assert titles(outline(sample.reader)) == expected


def test_each_chapter_starts_a_new_page(sample: Built) -> None:
    chapters = [(title, page) for title, page, _ in outline(sample.reader)]
    pages = [page for _, page in chapters]
    assert pages == sorted(set(pages)), "two level-1 sections share a page"
    for title, page in chapters:
        body = text(sample.path, page, BODY).strip()
        assert body.startswith(title), (title, body[:40])


def test_body_text_has_the_headings_in_order(sample: Built) -> None:
    first_chapter = outline(sample.reader)[2][1]
    pages = len(sample.reader.pages)
    body = "".join(text(sample.path, p, BODY) for p in range(first_chapter, pages + 1))
    position = 0
    for section in t.walk_sections(sample.doc.sections):
        found = body.find(section.title, position)
        assert found >= 0, f"{section.title} missing or out of order"
        position = found + len(section.title)
    flat = squash(body)
    for snippet in ("本手册适用于全体销售人员，请认真阅读。", "第一条经销商不得跨区域销售",
                    "第二条发现窜货应在24小时内上报。", "实际销售额÷目标销售额", "400-800-1234"):
        assert snippet in flat


def test_cover_shows_the_document_facts(sample: Built) -> None:
    cover = squash(text(sample.path, 1))
    for fact in ("销售管理手册", "营销中心管理规范", "华夏智联科技股份有限公司",
                 "文件编号HX-YX-001", "版本1.1", "发布日期2025-03-10",
                 "实施日期2025-04-01", "密级内部", "全国版"):
        assert fact in cover.replace("：", ""), fact
    assert "/Annots" not in sample.reader.pages[0]
    # no running header or footer on the cover
    assert "第1页" not in cover


def test_document_control_page_shows_the_front_blocks(sample: Built) -> None:
    page = squash(text(sample.path, 2, BODY))
    assert page.startswith("文件控制")
    for fact in ("编制张敏", "审核刘洋", "批准王志远"):
        assert fact in page


def test_toc_lists_chapters_and_entities_with_their_real_pages(sample: Built) -> None:
    toc_page = outline(sample.reader)[1][1]
    lines = text(sample.path, toc_page, BODY, layout=True).splitlines()
    entries = []
    for line in lines:
        m = re.match(r"\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", line)
        if m:
            entries.append((m.group(1), int(m.group(2))))
    expected = flat_pages(outline(sample.reader)[2:], depth=2)
    assert [title for title, _ in expected] == [
        s.title for s in t.walk_sections(sample.doc.sections) if s.level <= 2]
    assert entries == expected


def test_running_header_and_footer(sample: Built) -> None:
    pages = len(sample.reader.pages)
    roles_page = next(page for title, page, _ in outline(sample.reader) if title == "岗位说明书")
    header = squash(text(sample.path, roles_page, HEADER))
    footer = squash(text(sample.path, roles_page, FOOTER))
    assert header == "销售管理手册岗位说明书"
    assert footer == f"HX-YX-001版本1.1第{roles_page}页/共{pages}页"


def test_every_ref_is_a_working_internal_link(sample: Built) -> None:
    reader = sample.reader
    dests = set(reader.trailer["/Root"]["/Names"]["/Dests"]["/Names"][::2])
    assert t.anchors(sample.doc) <= dests
    linked: dict[str, set[int]] = {}
    uris = set()
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            assert annot["/Subtype"] == "/Link"
            if "/Dest" in annot:
                assert annot["/Dest"] in dests
                linked.setdefault(str(annot["/Dest"]), set()).add(number)
            else:
                uris.add(annot["/A"]["/URI"])
    assert uris == {"https://example.com/"}
    refs = {node.anchor for node in _inlines(sample.doc) if isinstance(node, t.Ref)}
    assert refs - {"kpi-revenue", "kpi-collection"}  # the sample has refs in text and tables
    outline_pages = dict(flat_pages(outline(reader)))
    for anchor in refs:
        section = next(s for s in t.walk_sections(sample.doc.sections) if s.anchor == anchor)
        # linked from the body, not only from the contents
        assert linked[anchor] - {outline_pages[sample.doc.meta.label("toc")]}, anchor
        assert section.title in outline_pages
    # the org chart's nodes are clickable, on the chapter page that holds the chart
    org_page = outline_pages["组织架构与部门职能"]
    assert {a for a, pages in linked.items() if org_page in pages} >= {
        "department-sales", "role-director", "role-sales-rep"}


def _inlines(doc: t.Document) -> list[t.Inline]:
    found: list[t.Inline] = []

    def visit(node: object) -> None:
        if isinstance(node, (t.Ref, t.Link, t.Strong, t.Emphasis)):
            found.append(node)  # type: ignore[arg-type]
        if isinstance(node, tuple):
            for child in node:
                visit(child)
        elif dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                visit(getattr(node, f.name))

    visit(doc.sections)
    return found


def test_same_tree_gives_byte_identical_pdf(sample: Built, folder: Path) -> None:
    again = build(small_document(), folder / "again", "small.pdf")
    assert again.data == sample.data
    # and from a fresh process, where font and hash state start anew
    out = folder / "fresh" / "small.pdf"
    code = ("import sys; from pathlib import Path; sys.path[:0] = [sys.argv[1]];"
            "from support.trees import small_document; from test_pdf_html import context;"
            "from handbook.writers.pdf import write;"
            "out = Path(sys.argv[2]); write(small_document(), out, context(out.parent))")
    subprocess.run([sys.executable, "-c", code, str(ROOT / "tests"), str(out)], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "123"})
    assert out.read_bytes() == sample.data
    for secret in (str(ROOT).encode(), str(folder).encode(), b"file:"):
        assert secret not in sample.data


def test_render_logs_no_warnings(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build(small_document(), folder / "quiet", "small.pdf")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


# --------------------------------------------------------------------------- typography

PUNCT = "，。、；：？！）」』》"
PROSE = ("销售人员应当遵守公司制度，按时提交报告。客户拜访记录、合同审批单、回款凭证须妥善保存；"
         "如有疑问：请联系销售运营部！是否需要审批？需要（详见「审批流程」）。")


def wide_chart() -> t.Diagram:
    nodes = tuple(t.GraphNode(f"n{i}", f"岗位{i}", "stress") for i in range(30))
    edges = tuple(t.GraphEdge("n0", f"n{i}") for i in range(1, 30))
    return t.Diagram("org", "宽幅组织图", nodes, edges)


@pytest.fixture(scope="module")
def stress(folder: Path) -> Built:
    doc = small_document()
    rows = tuple((T(f"第{i}行"), T(f"华东{i}区"), T("按月考核，季度汇总。")) for i in range(1, 91))
    section = t.Section(
        anchor="stress", title="排版测试", level=1,
        blocks=tuple(t.Paragraph(T(PROSE[i % 7:] * 2 + PROSE[: i % 7])) for i in range(12))
        + (t.Table(header=(T("序号甲"), T("区域乙"), T("说明丙")), rows=rows),),
        children=(t.Section(anchor="stress-chart", title="组织图一节", level=2,
                            blocks=(wide_chart(), t.Paragraph(T("图后正文")))),))
    return build(dataclasses.replace(doc, sections=(section,)), folder / "stress", "stress.pdf")


def test_punctuation_never_starts_a_line(stress: Built) -> None:
    first = outline(stress.reader)[2][1]
    lines = [line.strip() for line in text(stress.path, first, BODY, layout=True).splitlines()]
    lines = [line for line in lines if line]
    assert len(lines) > 20
    assert not [line for line in lines if line[0] in PUNCT]
    # the test text does put punctuation at line ends, so the rule was exercised
    assert sum(line[-1] in PUNCT for line in lines) >= 3


def test_long_tables_repeat_their_header_row(stress: Built) -> None:
    pages = [squash(text(stress.path, p, BODY)) for p in range(1, len(stress.reader.pages) + 1)]
    with_rows = [p for p in pages if "华东" in p]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "序号甲区域乙说明丙" in page


def test_a_wide_chart_gets_a_landscape_page_and_the_text_goes_on_in_portrait(
        stress: Built) -> None:
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in stress.reader.pages]
    chart = next(i for i in range(1, len(sizes) + 1) if "宽幅组织图" in text(stress.path, i))
    assert sizes[chart - 1] == (842, 595)
    assert [s for i, s in enumerate(sizes, 1) if i != chart] == [(595, 842)] * (len(sizes) - 1)
    assert "图后正文" in text(stress.path, chart + 1)
    # the heading right before the chart is on the landscape page with it, not left alone
    assert squash(text(stress.path, chart, (71, 460))).startswith("组织图一节")
    assert "组织图一节" not in text(stress.path, chart - 1)
    # running header and footer on the landscape page too
    assert "排版测试" in text(stress.path, chart)
    assert f"第{chart}页/共{len(sizes)}页" in squash(text(stress.path, chart))
