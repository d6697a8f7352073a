"""The print HTML and CSS the PDF writer hands to WeasyPrint (fast: no layout)."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
import tinycss2
from jinja2 import TemplateNotFound

from handbook import tree as t
from handbook.templates import TemplateSet
from handbook.writers.context import WriterContext
from handbook.writers.pdf import build_source
from handbook.writers.pdf.diagram import print_diagram
from handbook.writers.pdf.page import css_string, page_counter_content
from support.trees import T, small_document

GOLDEN = Path(__file__).parent / "golden" / "pdf"


def diagram_html(diagram: t.Diagram, language: str, anchors: set[str],
                 prefix: str = "d-") -> str:
    return print_diagram(diagram, language, anchors, prefix).html


def context(handbook_dir: Path) -> WriterContext:
    return WriterContext(handbook_dir=handbook_dir, templates=TemplateSet(handbook_dir),
                         out_root=handbook_dir / "out", work_dir=handbook_dir / "work")


@pytest.fixture
def ctx(tmp_path: Path) -> WriterContext:
    return context(tmp_path)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with HANDBOOK_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), \
        f"{name} differs from the golden file; HANDBOOK_UPDATE_GOLDEN=1 regenerates it"


def test_print_html_matches_golden(ctx: WriterContext) -> None:
    source = build_source(small_document(), ctx)
    check_golden("small_document.zh-CN.html", source.html)
    check_golden("small_document.zh-CN.css", source.css)


def test_same_tree_gives_same_html_and_no_absolute_paths(ctx: WriterContext) -> None:
    a = build_source(small_document(), ctx)
    b = build_source(small_document(), context(ctx.handbook_dir))
    assert (a.html, a.css) == (b.html, b.css)
    assert str(ctx.handbook_dir) not in a.html and "file:" not in a.html
    assert str(Path(__file__).resolve().parents[1]) not in a.html + a.css


@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "en"])
def test_lang_attribute_and_metadata(ctx: WriterContext, language: str) -> None:
    doc = small_document(language)
    html = build_source(doc, ctx).html
    assert f'<html lang="{language}">' in html
    assert '<meta name="dcterms.created" content="2024-01-15">' in html
    assert '<meta name="dcterms.modified" content="2025-03-10">' in html
    assert "<title>销售管理手册</title>" in html
    assert '<meta name="author" content="华夏智联科技股份有限公司">' in html


def test_every_heading_in_tree_order_with_its_anchor(ctx: WriterContext) -> None:
    doc = small_document()
    html = build_source(doc, ctx).html
    body = html[html.index("<main>"):]
    found = re.findall(r'<h(\d) id="([^"]+)">([^<]*)</h\1>', body)
    expected = [(str(s.level), s.anchor, s.title) for s in t.walk_sections(doc.sections)]
    assert found == expected


def test_every_ref_is_an_internal_link_to_an_existing_id(ctx: WriterContext) -> None:
    html = build_source(small_document(), ctx).html
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    refs = re.findall(r'<a class="ref" href="#([^"]+)"', html)
    assert {"role-sales-rep", "department-sales", "role-director", "kpi-revenue",
            "kpi-collection"} <= set(refs)
    assert set(refs) <= ids
    toc = re.findall(r'<li class="toc-level-\d"><a href="#([^"]+)"', html)
    assert toc == [s.anchor for s in t.walk_sections(small_document().sections) if s.level <= 2]


def test_articles_carry_their_number_and_anchor(ctx: WriterContext) -> None:
    html = build_source(small_document(), ctx).html
    assert ('<div class="article" id="rule-anti-cross-selling-1">\n<p>'
            '<span class="article-no">第一条</span> '
            '经销商不得跨区域销售，严禁低价倾销。</p>') in html
    assert '<span class="article-no">第二条</span> 发现窜货应在 24 小时内上报。' in html


def test_tables_have_a_repeating_header_and_relative_widths(ctx: WriterContext) -> None:
    html = build_source(small_document(), ctx).html
    assert ('<colgroup><col style="width: 12.50%"><col style="width: 25.00%">'
            '<col style="width: 62.50%"></colgroup>\n<thead><tr><th>版本</th>') in html


def test_cover_has_the_document_facts(ctx: WriterContext) -> None:
    html = build_source(small_document(), ctx).html
    cover = html[html.index('<section class="cover">'):html.index('<section class="front">')]
    for text in ("销售管理手册", "营销中心管理规范", "华夏智联科技股份有限公司", "HX-YX-001",
                 "<th>版本</th><td>1.1</td>", "<th>发布日期</th><td>2025-03-10</td>",
                 "<th>实施日期</th><td>2025-04-01</td>", "密级：内部", "全国版"):
        assert text in cover
    assert "入职手册" not in cover


def test_cover_without_optional_facts(ctx: WriterContext) -> None:
    doc = small_document("en")
    current = dataclasses.replace(doc.meta.current, effective=None)
    meta = dataclasses.replace(doc.meta, subtitle=None, confidentiality=None, current=current)
    html = build_source(dataclasses.replace(doc, meta=meta), ctx).html
    cover = html[html.index('<section class="cover">'):html.index('<section class="front">')]
    assert "None" not in html
    assert "cover-subtitle" not in cover and "cover-secret" not in cover
    assert "Effective" not in cover
    assert "Document No.: HX-YX-001" in cover


def test_onboarding_cover_names_the_role(ctx: WriterContext) -> None:
    doc = small_document()
    meta = dataclasses.replace(doc.meta, role="sales-rep", role_title="销售代表")
    html = build_source(dataclasses.replace(doc, meta=meta), ctx).html
    assert '<p class="cover-role">入职手册 · 销售代表</p>' in html


def test_untrusted_text_is_escaped_everywhere(ctx: WriterContext) -> None:
    evil = '<script>alert(1)</script>"&\''
    doc = small_document()
    meta = dataclasses.replace(doc.meta, title=evil, subtitle=evil, organization=evil,
                               doc_number=evil)
    section = t.Section(
        anchor="evil", title=evil, level=1,
        blocks=(t.Paragraph((t.Text(evil), t.Code(evil), t.Strong(T(evil)))),
                t.Paragraph((t.Link('javascript:alert("x")', T("js")),
                             t.Link('https://x.example/"><script>', T("q")),
                             t.Ref("no-such-anchor", T("gone")))),
                t.Table(header=(T(evil),), rows=((T(evil),),), caption=evil),
                t.FieldList((t.Field(evil, T(evil)),)),
                t.Articles((t.Article(evil, "evil-1", (t.Paragraph(T(evil)),)),))))
    doc = dataclasses.replace(doc, meta=meta, sections=(section,))
    source = build_source(doc, ctx)
    assert "<script" not in source.html
    assert "javascript:" not in source.html  # an unsafe link scheme becomes plain text
    assert 'href="https://x.example/&quot;&gt;&lt;script&gt;"' in source.html
    assert 'href="#no-such-anchor"' not in source.html  # never a link to nowhere
    assert '<span class="ref broken">gone</span>' in source.html
    # the running header gets the title as a well-formed CSS string, not raw text
    rules = tinycss2.parse_stylesheet(source.css, skip_comments=True, skip_whitespace=True)
    assert not [r for r in rules if r.type == "error"]
    assert "<script" not in source.css


def test_css_string_escapes_quotes_backslashes_and_newlines() -> None:
    value = str(css_string('a"b\\c\nd'))
    tokens = [tok for tok in tinycss2.parse_component_value_list(value)
              if tok.type != "whitespace"]
    assert [tok.type for tok in tokens] == ["string"]
    assert tokens[0].value == 'a"b\\c\nd'


def test_page_counter_content_from_the_label() -> None:
    assert str(page_counter_content("第 {page} 页 / 共 {pages} 页")) == \
        '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    assert str(page_counter_content("Page {page} of {pages}")) == \
        '"Page " counter(page) " of " counter(pages)'


def test_diagram_links_sit_over_their_nodes() -> None:
    doc = small_document()
    org = doc.sections[1].blocks[0]
    assert isinstance(org, t.Diagram)
    html = diagram_html(org, "zh-CN", t.anchors(doc), "d1-")
    links = re.findall(r'<a class="diagram-link" href="#([^"]+)" title="[^"]*" style="left: '
                       r'([\d.]+)%; top: ([\d.]+)%; width: ([\d.]+)%; height: ([\d.]+)%"', html)
    assert sorted(a for a, *_ in links) == ["department-sales", "role-director", "role-sales-rep"]
    boxes = {a: tuple(float(v) for v in rest) for a, *rest in links}
    for left, top, width, height in boxes.values():
        assert left >= 0 and left + width <= 100.01 and top >= 0 and top + height <= 100.01
        assert width > 5 and height > 5
    # the director sits above the sales rep, in the same column
    assert boxes["role-director"][1] < boxes["role-sales-rep"][1]
    assert boxes["role-director"][0] == pytest.approx(boxes["role-sales-rep"][0])
    assert 'id="d1-graph0"' in html and 'id="graph0"' not in html


def test_diagram_nodes_without_a_target_get_no_link() -> None:
    doc = small_document()
    flow = doc.sections[3].children[0].blocks[0]
    assert isinstance(flow, t.Diagram)
    html = diagram_html(flow, "zh-CN", t.anchors(doc))
    # only the credit step has a section in the sample tree
    assert re.findall(r'class="diagram-link" href="#([^"]+)"', html) == ["process-order-credit"]


def fan(n: int) -> t.Diagram:
    nodes = tuple(t.GraphNode(f"n{i}", f"节点{i}") for i in range(n))
    return t.Diagram("org", "宽图", nodes, tuple(t.GraphEdge("n0", f"n{i}") for i in range(1, n)))


def svg_width_mm(html: str) -> float:
    return float(re.search(r'<svg width="([\d.]+)pt"', html).group(1)) * 25.4 / 72


def test_diagrams_keep_their_size_when_they_fit() -> None:
    html = diagram_html(fan(3), "zh-CN", set())
    assert svg_width_mm(html) < 100
    assert '<figure class="diagram diagram-org">' in html


def test_a_slightly_wide_diagram_is_scaled_to_the_text_width() -> None:
    html = diagram_html(fan(9), "zh-CN", set())
    assert svg_width_mm(html) == pytest.approx(170, abs=0.01)
    assert "landscape" not in html


def test_a_very_wide_diagram_gets_a_landscape_page() -> None:
    html = diagram_html(fan(30), "zh-CN", set())
    assert '<figure class="diagram diagram-org landscape">' in html
    assert svg_width_mm(html) == pytest.approx(257, abs=0.01)


def test_a_template_override_linked_from_outside_is_refused(tmp_path: Path) -> None:
    hb = tmp_path / "hb"
    (hb / "templates" / "print").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (hb / "templates" / "print" / "print.html.j2").symlink_to(secret)
    with pytest.raises(TemplateNotFound):
        build_source(small_document(), context(hb))
