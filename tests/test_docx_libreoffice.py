"""Open the Word file in another engine: LibreOffice converts it to PDF, and the PDF has the
Chinese text, the CJK fonts, working internal links and sensible pages. The pages are also
rendered to PNG in tests/artifacts/docx/ for a person to look at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from handbook.templates import DEFAULT_TEMPLATES
from handbook.writers.docx import render
from support.trees import small_document

ARTIFACTS = Path(__file__).parent / "artifacts" / "docx"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed to convert and read "
           "the .docx: apt-get install libreoffice-writer-nogui poppler-utils",
)


def _run(args: list[str], timeout: int = 180) -> str:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"{args[0]} failed: {proc.stderr[-2000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small_document → .docx → PDF (and PNG pages) in tests/artifacts/docx/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("small_document*"):
        old.unlink()
    source = ARTIFACTS / "small_document.docx"
    source.write_bytes(render(small_document(), DEFAULT_TEMPLATES / "reference.docx"))
    profile = tmp_path_factory.mktemp("lo-profile")
    _run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
          "--convert-to", "pdf", "--outdir", str(ARTIFACTS), str(source)])
    pdf = ARTIFACTS / "small_document.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF"
    if shutil.which("pdftoppm"):
        _run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "small_document-page")])
    return pdf


def test_pdf_has_the_chinese_text_in_order(converted: Path) -> None:
    text = _run(["pdftotext", "-layout", str(converted), "-"])
    for phrase in ("销售管理手册", "营销中心管理规范", "文件控制", "目录", "前言", "全体销售人员",
                   "第一条", "经销商不得跨区域销售", "订单到发货", "修订记录", "增加信用管理",
                   "第 2 页 / 共"):
        assert phrase in text, phrase
    assert text.index("前言") < text.index("岗位说明书") < text.index("修订记录")


def test_pdf_pages_fonts_and_links(converted: Path) -> None:
    info = _run(["pdfinfo", str(converted)])
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 8 <= pages <= 14  # cover, control, TOC and one page per chapter
    assert "595.3" in info and "841.89" in info  # A4
    fonts = _run(["pdffonts", str(converted)])
    assert "NotoSansCJK" in fonts
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(converted))
    internal = 0
    external = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action and action.get("/S") == "/URI":
                external.append(action.get("/URI"))
    # 12 TOC entries + 6 cross-references in the body
    assert internal >= 18
    assert external == ["https://example.com/"]
    # the foreword's link to 销售代表 lands on the page of that role
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    foreword = next(n for n in range(1, pages + 1) if "全体销售人员" in _page_text(converted, n))
    dests = [a.get_object()["/Dest"][0].idnum for a in reader.pages[foreword - 1]["/Annots"]
             if a.get_object().get("/Dest") is not None]
    assert len(dests) == 1
    assert "岗位职责" in _page_text(converted, page_of[dests[0]])


def _page_text(pdf: Path, page: int) -> str:
    return _run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"])


def test_pages_were_rendered_for_review(converted: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pngs = sorted(ARTIFACTS.glob("small_document-page-*.png"))
    assert len(pngs) >= 8 and all(p.stat().st_size > 1000 for p in pngs)
