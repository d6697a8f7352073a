"""The Word writer on the hand-built sample tree: golden XML, structure, links, fields,
language, reproducibility and branded reference documents."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.shared import Twips
from lxml import etree

from handbook import tree as t
from handbook.templates import DEFAULT_TEMPLATES, TemplateSet
from handbook.writers.context import WriterContext
from handbook.writers.docx import render, write
from handbook.writers.docx.body import distribute, fit_columns, header_floor
from handbook.writers.docx.bookmarks import MAX_LEN, Bookmarks, bookmark_name
from handbook.writers.docx.styles import ALL
from support.trees import T, small_document

GOLDEN = Path(__file__).parent / "golden" / "docx"
REFERENCE = DEFAULT_TEMPLATES / "reference.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
W = "{" + NS["w"] + "}"
R_ID = "{" + NS["r"] + "}id"
TOC_ENTRIES = '//w:p[w:pPr/w:pStyle/@w:val = "TOC1" or w:pPr/w:pStyle/@w:val = "TOC2" or ' \
    'w:pPr/w:pStyle/@w:val = "TOC3"]'


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@functools.lru_cache(maxsize=8)
def built(language: str = "zh-CN", edition: str = "base") -> bytes:
    return render(small_document(language, edition), REFERENCE)


def xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(unzip(data)[part])


def pretty(raw: bytes) -> str:
    """Canonical, indented XML for golden comparisons."""
    root = etree.fromstring(raw, etree.XMLParser(remove_blank_text=True))
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with HANDBOOK_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file (HANDBOOK_UPDATE_GOLDEN=1)"


def style_ids(data: bytes) -> set[str]:
    return {s.get(W + "styleId") for s in xml(data, "word/styles.xml").iterfind("w:style", NS)}


def paragraph_text(p: etree._Element) -> str:
    return "".join(p.xpath(".//w:t/text()", namespaces=NS))


def ctx_for(handbook_dir: Path, tmp_path: Path) -> WriterContext:
    return WriterContext(handbook_dir=handbook_dir, templates=TemplateSet(handbook_dir),
                         out_root=tmp_path / "out", work_dir=tmp_path / "work")


# --------------------------------------------------------------------------- golden files


def test_document_xml_matches_golden() -> None:
    check_golden("small_document.document.xml", pretty(unzip(built())["word/document.xml"]))


def test_styles_xml_matches_golden() -> None:
    check_golden("small_document.styles.xml", pretty(unzip(built())["word/styles.xml"]))


# --------------------------------------------------------------------------- structure


def test_every_style_named_exists_in_styles_xml() -> None:
    data = built()
    ids = style_ids(data)
    parts = unzip(data)
    used: set[str] = set()
    for name in parts:
        if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", name):
            root = etree.fromstring(parts[name])
            used.update(root.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val",
                                   namespaces=NS))
    assert used, "the writer named no styles"
    assert used <= ids, f"styles used but not defined: {sorted(used - ids)}"
    # headings are Word's built-in ones, so the navigation pane and TOC see them
    assert {"Heading1", "Heading2", "Heading3"} <= used


def test_headings_carry_titles_in_order_with_outline_levels() -> None:
    doc = small_document()
    root = xml(built())
    headings = [(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS), paragraph_text(p))
                for p in root.iterfind(".//w:body/w:p", NS)
                if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS).startswith("Heading")]
    expected = [(f"Heading{min(s.level, 4)}", s.title) for s in t.walk_sections(doc.sections)]
    assert headings == expected
    styles = xml(built(), "word/styles.xml")
    for level in (1, 2, 3):
        outline = styles.xpath(f'string(w:style[@w:styleId="Heading{level}"]'
                               "/w:pPr/w:outlineLvl/@w:val)", namespaces=NS)
        assert outline == str(level - 1)


def test_cover_and_document_control_come_first() -> None:
    body = xml(built()).find("w:body", NS)
    texts = [paragraph_text(p) for p in body.iterfind(".//w:p", NS)]
    head = texts[:8]
    assert head[:4] == ["华夏智联科技股份有限公司", "销售管理手册", "营销中心管理规范", "全国版"]
    assert "HX-YX-001" in texts and "内部" in texts
    control = texts.index("文件控制")
    toc = texts.index("目录")
    assert control < toc < texts.index("前言")
    # the front FieldList is a label/value table on the control page
    assert texts[control + 1:control + 3] == ["文件编号", "HX-YX-001"]


def test_toc_field_is_prefilled_with_linked_headings() -> None:
    data = built()
    root = xml(data)
    instr = "".join(root.xpath("//w:instrText/text()", namespaces=NS))
    assert f'TOC \\o "1-{t.TOC_DEPTH}" \\h \\z \\u' in instr
    entries = root.xpath(TOC_ENTRIES, namespaces=NS)
    sections = [s for s in t.walk_sections(small_document().sections)
                if s.level <= t.TOC_DEPTH]
    assert [paragraph_text(p) for p in entries] == [s.title for s in sections]
    assert [p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) for p in entries] == [
        f"TOC{s.level}" for s in sections]
    for p, s in zip(entries, sections, strict=True):
        assert p.xpath("string(w:hyperlink/@w:anchor)", namespaces=NS) == bookmark_name(s.anchor)
    # the field spans the entries: begin in the first, end in the last
    assert entries[0].xpath('.//w:fldChar/@w:fldCharType', namespaces=NS)[:2] == [
        "begin", "separate"]
    assert entries[-1].xpath('.//w:fldChar/@w:fldCharType', namespaces=NS)[-1] == "end"
    settings = xml(data, "word/settings.xml")
    assert settings.xpath("string(w:updateFields/@w:val)", namespaces=NS) == "true"


def test_every_internal_link_has_a_bookmark_at_its_target() -> None:
    root = xml(built())
    bookmarks = {b.get(W + "name"): b for b in root.iterfind(".//w:bookmarkStart", NS)}
    anchors = set(root.xpath("//w:hyperlink/@w:anchor", namespaces=NS))
    assert anchors and anchors <= set(bookmarks)
    for name in bookmarks:
        assert len(name) <= MAX_LEN and re.fullmatch(r"_[A-Za-z0-9_]+", name)
    ids = [b.get(W + "id") for b in bookmarks.values()]
    assert len(set(ids)) == len(ids)
    ends = set(root.xpath("//w:bookmarkEnd/@w:id", namespaces=NS))
    assert set(ids) == ends
    # the Ref 销售代表 in the foreword lands on the heading of the role section
    target = bookmarks[bookmark_name("role-sales-rep")].getparent()
    assert target.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "Heading2"
    assert paragraph_text(target) == "销售代表"
    # every Ref of the tree is a link (none fell back to plain text)
    refs = [h for h in root.xpath("//w:hyperlink[@w:anchor]", namespaces=NS)
            if h.getparent() not in root.xpath(TOC_ENTRIES, namespaces=NS)]
    assert {paragraph_text(h) for h in refs} == {"销售代表", "销售总监", "销售部", "销售额达成率",
                                                 "回款率"}
    assert len(refs) == 6


def test_articles_are_numbered_and_bookmarked() -> None:
    root = xml(built())
    articles = root.xpath('//w:p[w:pPr/w:pStyle/@w:val="Article"]', namespaces=NS)
    assert [paragraph_text(p) for p in articles] == [
        "第一条\u3000经销商不得跨区域销售，严禁低价倾销。",
        "第二条\u3000发现窜货应在 24 小时内上报。"]
    number = articles[0].xpath('w:r[w:rPr/w:rStyle/@w:val="ArticleNumber"]',
                               namespaces=NS)
    assert paragraph_text(number[0]) == "第一条"
    names = articles[0].xpath("w:bookmarkStart/@w:name", namespaces=NS)
    assert names == [bookmark_name("rule-anti-cross-selling-1")]


def test_tables_repeat_their_header_row_and_fit_the_page() -> None:
    root = xml(built())
    tables = root.xpath('//w:tbl[w:tblPr/w:tblStyle/@w:val="HandbookTable"]', namespaces=NS)
    headed = [tbl for tbl in tables if tbl.xpath("string(w:tblPr/w:tblLook/@w:firstRow)",
                                                 namespaces=NS) == "1"]
    assert len(headed) == 3  # KPI weights, penalties, revision log
    for tbl in headed:
        rows = tbl.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    for tbl in tables:
        widths = [int(w) for w in tbl.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
        assert sum(widths) == 8306  # the reference's text width
    kpi = headed[0].xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)
    assert [int(w) for w in kpi] == [6229, 2077]  # widths=(3, 1)


def test_lists_use_reference_numbering_and_restart() -> None:
    data = built()
    root = xml(data)
    numbering = xml(data, "word/numbering.xml")
    nums = {n.get(W + "numId"): n for n in numbering.iterfind("w:num", NS)}
    items = root.xpath("//w:p[w:pPr/w:numPr]", namespaces=NS)
    by_text = {paragraph_text(p): p for p in items}

    def num(p: etree._Element) -> tuple[str, str, str]:
        return (p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS),
                p.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)", namespaces=NS),
                p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS))

    style, level, bullet = num(by_text["第一项要求"])
    assert (style, level) == ("ListBullet", "0")
    assert num(by_text["每周拜访客户不少于 15 家"]) == ("ListBullet2", "1", bullet)
    first = num(by_text["营销中心各部门"])
    assert first[:2] == ("ListNumber", "0") and num(by_text["各大区办事处"]) == first
    other = num(by_text["客户开发"])
    assert other[0] == "ListNumber" and other[2] != first[2]  # a new list restarts
    for _, _, num_id in (first, other):
        assert nums[num_id].xpath("string(w:lvlOverride/w:startOverride/@w:val)",
                                  namespaces=NS) == "1"
    assert bullet in nums
    # the paragraph after the nested list continues the item, indented, unnumbered
    cont = root.xpath('//w:p[w:pPr/w:pStyle/@w:val="ListContinue"]', namespaces=NS)
    assert [paragraph_text(p) for p in cont] == ["考核重点：新客户数"]


def test_external_links_are_real_hyperlinks() -> None:
    data = built()
    root = xml(data)
    links = root.xpath("//w:hyperlink[@r:id]", namespaces=NS)
    assert [paragraph_text(h) for h in links] == ["example.com"]
    rels = xml(data, "word/_rels/document.xml.rels")
    rid = links[0].get(R_ID)
    rel = rels.xpath(f'rel:Relationship[@Id="{rid}"]', namespaces=NS)[0]
    assert rel.get("Target") == "https://example.com/" and rel.get("TargetMode") == "External"


def test_inline_marks_name_character_styles() -> None:
    root = xml(built())
    styled = {paragraph_text(r): r.xpath("string(w:rPr/w:rStyle/@w:val)", namespaces=NS)
              for r in root.iterfind(".//w:r", NS) if r.find("w:rPr/w:rStyle", NS) is not None}
    assert styled["全体销售人员"] == "Strong"
    assert styled["认真阅读"] == "Emphasis"
    assert styled["400-800-1234"] == "VerbatimChar"
    assert styled["example.com"] == "Hyperlink"
    assert styled["销售代表"] == "InternalLink"
    line_break = root.xpath('//w:p[contains(., "官网")]//w:br', namespaces=NS)
    assert len(line_break) == 1


def test_diagrams_are_pictures_that_fit_the_text_width() -> None:
    data = built()
    parts = unzip(data)
    media = [n for n in parts if n.startswith("word/media/")]
    assert len(media) == 2 and all(parts[n][:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    root = xml(data)
    extents = root.xpath("//wp:inline/wp:extent", namespaces=NS)
    assert len(extents) == 2
    for ext in extents:
        assert 0 < int(ext.get("cx")) <= 8306 * 635
    alt = root.xpath("//wp:inline/wp:docPr/@descr", namespaces=NS)
    assert alt[0].startswith("组织架构图") and "销售代表" in alt[0]
    captions = root.xpath('//w:p[w:pPr/w:pStyle/@w:val="Caption"]', namespaces=NS)
    assert [paragraph_text(p) for p in captions] == ["组织架构图", "订单到发货"]


def test_headers_and_footers() -> None:
    data = built()
    root = xml(data)
    sect = root.find("w:body/w:sectPr", NS)
    assert sect.find("w:titlePg", NS) is not None  # a bare cover page
    rels = xml(data, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {(ref.tag.split("}")[1], ref.get(W + "type")): targets[ref.get(R_ID)]
            for ref in sect if ref.tag in (W + "headerReference", W + "footerReference")}
    assert set(refs) == {("headerReference", "default"), ("headerReference", "first"),
                         ("footerReference", "default"), ("footerReference", "first")}
    header = xml(data, "word/" + refs[("headerReference", "default")])
    assert paragraph_text(header) == "销售管理手册HX-YX-001"
    footer = xml(data, "word/" + refs[("footerReference", "default")])
    instr = [i.strip() for i in footer.xpath("//w:instrText/text()", namespaces=NS)]
    assert instr == ["PAGE", "NUMPAGES"]
    assert paragraph_text(footer).startswith("版本 1.1")
    assert "第 1 页 / 共 1 页" in paragraph_text(footer)
    first = xml(data, "word/" + refs[("headerReference", "first")])
    assert paragraph_text(first) == ""


@pytest.mark.parametrize(("language", "edition", "east_asia", "font"), [
    ("zh-CN", "base", "zh-CN", "Noto Sans CJK SC"),
    ("zh-TW", "hkmo", "zh-TW", "Noto Sans CJK TC"),
    ("en", "base", "zh-CN", "Noto Sans CJK SC"),
])
def test_east_asian_language_and_fonts(language: str, edition: str, east_asia: str,
                                       font: str) -> None:
    data = built(language, edition)
    styles = xml(data, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W + "eastAsia") == east_asia and lang.get(W + "val") == "en-US"
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(W + "eastAsia") == font
    eastasia_fonts = set(styles.xpath("//w:rFonts/@w:eastAsia", namespaces=NS))
    assert not any(f.endswith(" SC" if font.endswith("TC") else " TC") for f in eastasia_fonts)
    settings = xml(data, "word/settings.xml")
    assert settings.xpath("string(w:themeFontLang/@w:eastAsia)", namespaces=NS) == east_asia
    core = xml(data, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == language


def test_ambiguous_punctuation_gets_east_asian_hint() -> None:
    doc = small_document()
    extra = t.Section(anchor="quotes", title="引号", level=1,
                      blocks=(t.Paragraph(T("他说“好的”……")),))
    data = render(dataclasses.replace(doc, sections=(*doc.sections, extra)), REFERENCE)
    root = xml(data)
    run = root.xpath('//w:r[contains(., "“好的”")]', namespaces=NS)[0]
    assert run.xpath("string(w:rPr/w:rFonts/@w:hint)", namespaces=NS) == "eastAsia"


# --------------------------------------------------------------------------- untrusted text


def test_unsafe_links_missing_refs_and_control_characters_stay_text() -> None:
    doc = small_document()
    bad = t.Section(anchor="bad", title="坏\x07链接", level=1, blocks=(t.Paragraph((
        t.Link("javascript:alert(1)", T("点我")), t.Text(" "),
        t.Ref("no-such-anchor", T("不存在")), t.Text(" <b>&amp;\x00</b>"),
        t.Ref("role-director", (t.Link("https://example.org/", T("嵌套")),)),
    )),))
    data = render(dataclasses.replace(doc, sections=(*doc.sections, bad)), REFERENCE)
    root = xml(data)
    p = root.xpath('//w:p[contains(., "点我")]', namespaces=NS)[0]
    assert paragraph_text(p) == "点我 不存在 <b>&amp;</b>嵌套"
    links = p.findall("w:hyperlink", NS)
    assert len(links) == 1 and links[0].get(W + "anchor") == bookmark_name("role-director")
    assert "javascript" not in unzip(data)["word/_rels/document.xml.rels"].decode()
    assert "坏链接" in [paragraph_text(h) for h in root.iterfind(".//w:p", NS)]


def test_control_characters_in_metadata_are_dropped_from_document_properties() -> None:
    doc = small_document()
    meta = dataclasses.replace(doc.meta, title="销售\x01手册", organization="示例\x0b公司",
                               confidentiality="内部\ufffe")
    data = render(dataclasses.replace(doc, meta=meta), REFERENCE)
    core = docx.Document(BytesIO(data)).core_properties
    assert (core.title, core.author, core.content_status) == ("销售手册", "示例公司", "内部")


def test_bookmark_names_are_valid_short_and_stable() -> None:
    long_anchor = "role-" + "x" * 80
    name = bookmark_name(long_anchor)
    assert len(name) <= MAX_LEN and name.startswith("_hb_role_xx")
    assert bookmark_name(long_anchor) == name
    assert bookmark_name("a-b") != bookmark_name("a_b")
    assert re.fullmatch(r"_hb_[0-9a-f]{8}", bookmark_name("销售"))
    marks = Bookmarks(["b", "a"])
    assert marks.name("a") == bookmark_name("a") and marks.name("zzz") is None


def test_empty_document_still_builds_with_a_toc_field() -> None:
    doc = dataclasses.replace(small_document(), front=(), sections=())
    root = xml(render(doc, REFERENCE))
    assert "TOC" in "".join(root.xpath("//w:instrText/text()", namespaces=NS))
    assert "文件控制" not in [paragraph_text(p) for p in root.iterfind(".//w:p", NS)]


# --------------------------------------------------------------------------- reproducibility


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    ctx = ctx_for(tmp_path / "handbook", tmp_path)
    first, second = tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx"
    write(small_document(), first, ctx)
    write(small_document(), second, ctx)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    raw = first.read_bytes()
    assert b"rsid" not in b"".join(unzip(raw).values())
    core = docx.Document(str(first)).core_properties
    assert core.title == "销售管理手册" and core.author == "华夏智联科技股份有限公司"
    assert core.created.isoformat().startswith("2024-01-15")
    assert core.modified.isoformat().startswith("2025-03-10")


def test_output_differs_when_content_differs() -> None:
    doc = small_document()
    changed = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title="另一本手册"))
    assert render(changed, REFERENCE) != built()


# --------------------------------------------------------------------------- branded reference


def test_a_handbooks_own_reference_is_used_and_completed(tmp_path: Path) -> None:
    """python-docx's blank document as a 'branded' reference: Letter paper, none of the
    handbook's custom styles. Its page setup is kept; missing styles come from the default."""
    handbook = tmp_path / "handbook"
    (handbook / "templates").mkdir(parents=True)
    brand = docx.Document()
    brand.styles["Title"].font.size = docx.shared.Pt(40)
    brand.sections[0].left_margin = brand.sections[0].right_margin = Twips(1000)
    brand.save(handbook / "templates" / "reference.docx")
    dest = tmp_path / "out.docx"
    write(small_document(), dest, ctx_for(handbook, tmp_path))
    data = dest.read_bytes()
    root = xml(data)
    assert root.xpath("string(//w:body/w:sectPr/w:pgSz/@w:w)", namespaces=NS) == "12240"
    ids = style_ids(data)
    used = set(root.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val",
                          namespaces=NS))
    assert used <= ids
    styles = xml(data, "word/styles.xml")
    title = styles.xpath('w:style[@w:styleId="Title"]//w:sz/@w:val', namespaces=NS)
    assert title == ["80"]  # the brand's Title, not the default one
    assert styles.xpath('w:style[w:name/@w:val="Table Text"]', namespaces=NS)
    tables = root.xpath("//w:tbl/w:tblGrid", namespaces=NS)
    assert all(sum(int(c) for c in g.xpath("w:gridCol/@w:w", namespaces=NS)) == 12240 - 2000
               for g in tables[1:])
    nums = set(xml(data, "word/numbering.xml").xpath("w:num/@w:numId", namespaces=NS))
    assert set(root.xpath("//w:numPr/w:numId/@w:val", namespaces=NS)) <= nums


def test_default_reference_has_every_style_the_writer_names() -> None:
    ref = docx.Document(str(REFERENCE))
    names = {s.get(W + "styleId"): s.find("w:name", NS).get(W + "val").casefold()
             for s in ref.styles.element.iterfind("w:style", NS)}
    assert {n.casefold() for n in ALL} <= set(names.values())


def test_a_reference_without_list_numbering_gets_the_default_lists(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    brand = docx.Document()
    rels = brand.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.NUMBERING]:
        del rels[rid]
    for style in brand.styles.element.iterfind("w:style", NS):
        for num_pr in style.findall("w:pPr/w:numPr", NS):
            num_pr.getparent().remove(num_pr)
    path = tmp_path / "plain.docx"
    brand.save(path)
    data = render(small_document(), path)
    numbering = xml(data, "word/numbering.xml")
    abstract = {a.get(W + "abstractNumId"): a for a in numbering.iterfind("w:abstractNum", NS)}
    nums = {n.get(W + "numId"): n.find("w:abstractNumId", NS).get(W + "val")
            for n in numbering.iterfind("w:num", NS)}
    used = set(xml(data).xpath("//w:numPr/w:numId/@w:val", namespaces=NS))
    assert used and used <= set(nums)
    formats = {abstract[nums[n]].xpath("string(w:lvl[@w:ilvl='0']/w:numFmt/@w:val)",
                                       namespaces=NS) for n in used}
    assert formats == {"bullet", "decimal"}
    styles = xml(data, "word/styles.xml")
    bullet_num = styles.xpath('string(w:style[@w:styleId="ListBullet"]/w:pPr/w:numPr/'
                              "w:numId/@w:val)", namespaces=NS)
    assert abstract[nums[bullet_num]].xpath("string(w:lvl[1]/w:numFmt/@w:val)",
                                            namespaces=NS) == "bullet"


def test_columns_keep_short_headers_on_one_line() -> None:
    # widths (4, 1, 1, 3) would give 考核周期 922 twips; it needs about 1040
    widths = fit_columns(8306, [4, 1, 1, 3], [header_floor(T(h)) for h in
                                              ("考核指标", "权重", "考核周期", "目标值")])
    assert sum(widths) == 8306
    assert widths[2] >= header_floor(T("考核周期")) > distribute(8306, [4, 1, 1, 3])[2]
    assert widths[0] < distribute(8306, [4, 1, 1, 3])[0]  # the wide column gave the space
    # floors that cannot all fit leave the proportions alone
    assert fit_columns(1000, [1, 1], [900, 900]) == [500, 500]
