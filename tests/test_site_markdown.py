"""The site writer's Markdown: golden pages for the small tree, the page plan, and escaping
that lets no content through as markup (checked by rendering with Python-Markdown)."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import tree as t
from handbook.writers.site.config import MARKDOWN_EXTENSIONS
from handbook.writers.site.escape import clean, guard_line, md_text, safe_url
from handbook.writers.site.markdown import MarkdownRenderer
from handbook.writers.site.pages import SitePlanError, nav, plan
from support.trees import T, small_document

GOLDEN = Path(__file__).parent / "golden" / "site"


def fake_svg(d: t.Diagram, link) -> str:  # noqa: ANN001 - the renderer's callback type
    """A stand-in for Graphviz (whose output varies by version): lists each node's link."""
    rows = "".join(f'<a xlink:href="{link(n.anchor) if n.anchor else ""}">{n.id}</a>'
                   for n in d.nodes)
    return f'<svg xmlns="http://www.w3.org/2000/svg"><title>G</title>{rows}</svg>'


def render(doc: t.Document) -> dict[str, str]:
    return MarkdownRenderer(doc, plan(doc), fake_svg).render_all()


def golden_name(path: str) -> str:
    return path.replace("/", "__")


def test_pages_match_golden() -> None:
    pages = render(small_document())
    update = os.environ.get("HANDBOOK_UPDATE_GOLDEN") == "1"
    if update:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*.md"):
            old.unlink()
    for path, text in pages.items():
        file = GOLDEN / golden_name(path)
        if update:
            file.write_text(text, encoding="utf-8")
            continue
        assert file.is_file(), f"{file} missing: run with HANDBOOK_UPDATE_GOLDEN=1"
        assert text == file.read_text(encoding="utf-8"), (
            f"{path} differs from {file.name}; HANDBOOK_UPDATE_GOLDEN=1 regenerates it")
    assert sorted(p.name for p in GOLDEN.glob("*.md")) == sorted(map(golden_name, pages))


def test_plan_puts_chapters_in_folders_and_entities_inside() -> None:
    site = plan(small_document())
    assert [p.path for p in site.pages()] == [
        "index.md", "chapter-foreword/index.md", "departments/index.md",
        "departments/department-sales.md", "roles/index.md", "roles/role-director.md",
        "roles/role-sales-rep.md", "processes/index.md", "processes/process-order.md",
        "rules/index.md", "rules/rule-anti-cross-selling.md", "kpis/index.md",
        "kpis/kpi-revenue.md", "kpis/kpi-collection.md", "revisions/index.md"]
    # sections without page=True stay on their parent's page; articles too
    assert site.page_of["role-sales-rep-duties"].path == "roles/role-sales-rep.md"
    assert site.page_of["chapter-foreword-scope"].path == "chapter-foreword/index.md"
    assert site.page_of["rule-anti-cross-selling-2"].path == "rules/rule-anti-cross-selling.md"
    assert site.title_of["rule-anti-cross-selling-2"] == "第二条"


def test_links_are_relative_between_pages() -> None:
    site = plan(small_document())
    rep = site.page_of["role-sales-rep"]
    assert site.md_link("kpi-revenue", rep) == "../kpis/kpi-revenue.md#kpi-revenue"
    assert site.md_link("role-director", rep) == "role-director.md#role-director"
    assert site.md_link("role-sales-rep-kpis", rep) == "#role-sales-rep-kpis"
    assert site.html_link("department-sales", site.page_of["departments"]) == (
        "department-sales.html#department-sales")
    with pytest.raises(SitePlanError, match="nowhere"):
        site.md_link("nowhere", rep)


def test_nav_follows_the_tree_grouped_by_chapter() -> None:
    entries = nav(plan(small_document()))
    assert entries[0] == {"首页": "index.md"}
    assert [next(iter(e)) for e in entries[1:]] == [
        "前言", "组织架构与部门职能", "岗位说明书", "业务流程", "管理制度", "考核指标", "修订记录"]
    assert entries[3] == {"岗位说明书": [{"岗位说明书": "roles/index.md"},
                                    {"销售总监": "roles/role-director.md"},
                                    {"销售代表": "roles/role-sales-rep.md"}]}


def test_duplicate_or_unsafe_anchors_are_refused() -> None:
    doc = small_document()
    dup = replace(doc, sections=doc.sections + (t.Section("roles", "重复", 1, page=True),))
    with pytest.raises(SitePlanError, match="duplicate anchor 'roles'"):
        plan(dup)
    bad = replace(doc, sections=(t.Section('x" onclick="y', "坏", 1, page=True),))
    with pytest.raises(SitePlanError, match="not a valid id"):
        plan(bad)


def test_reserved_and_colliding_file_names_get_suffixes() -> None:
    doc = replace(small_document(), sections=(
        t.Section("search", "搜索", 1, page=True),
        t.Section("a.b", "甲", 1, page=True),
        t.Section("a-b", "乙", 1, page=True),
    ))
    assert [p.path for p in plan(doc).chapters] == [
        "search-page/index.md", "a-b/index.md", "a-b-2/index.md"]


def test_lists_tables_and_articles() -> None:
    blocks = (
        t.BulletList(((t.Paragraph(T("一")),),)),
        t.BulletList(((t.Paragraph(T("二")),),)),
        t.OrderedList(((t.Paragraph(T("三")),), (t.Paragraph(T("四")),)), start=3),
        t.BulletList(((t.Paragraph(T("带图")), t.Diagram("flow", "图", (), ())),)),
        t.Table(header=(T("a|b"),), rows=((T("x"), T("多余")),), caption="表一"),
        t.Articles((t.Article("第一条", "s-1", (t.BulletList(((t.Paragraph(T("项")),),)),)),)),
    )
    doc = replace(small_document(), sections=(
        t.Section("s", "节", 1, page=True, blocks=blocks),))
    md = render(doc)["s/index.md"]
    html = markdown.markdown(md, extensions=_extensions(), extension_configs=_configs())
    assert "<!-- -->" in md  # adjacent lists stay two lists
    assert html.count("<ul>") == 4 and '<ol start="3">' in html
    assert '<ul markdown>' not in html and "<figure" in html  # the list with a diagram is HTML
    assert "<th>a|b</th>" in html and "<td>多余</td>" in html and "表一" in html
    assert '<div class="hb-article" id="s-1">' in html
    assert '<strong class="hb-article-no">第一条</strong>' in html


def test_home_page_shows_document_control() -> None:
    home = render(small_document())["index.md"]
    assert home.startswith("# 销售管理手册 {#hb-home}\n")
    for text in ("华夏智联科技股份有限公司", "HX-YX-001", "版本 1.1", "编制", "审核", "批准"):
        assert text in home
    # without front blocks the page still shows the document control facts
    bare = render(replace(small_document(), front=()))["index.md"]
    assert "| 批准 | 王志远 |" in bare


def test_svg_gets_page_relative_links_and_one_title() -> None:
    pages = render(small_document())
    org = pages["departments/index.md"]
    assert 'xlink:href="../roles/role-sales-rep.html#role-sales-rep"' in org
    assert 'xlink:href="department-sales.html#department-sales"' in org
    assert "<title>G</title>" not in org and "<title>组织架构图</title>" in org
    # flow nodes without a section of their own are drawn without a link
    assert "<a xlink:href=\"None\">order</a>" in pages["processes/process-order.md"]


# --------------------------------------------------------------------------- escaping


def _extensions() -> list[str]:
    return [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]


def _configs() -> dict[str, dict[str, object]]:
    return {k: v for e in MARKDOWN_EXTENSIONS if isinstance(e, dict) for k, v in e.items()}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _roundtrip(s: str) -> tuple[list[str], str]:
    html = markdown.markdown(guard_line(md_text(s)), extensions=_extensions())
    p = _Text()
    p.feed(html)
    return p.tags, "".join(p.text)


NASTY = [
    "<script>alert(1)</script>", "<b>粗</b> &amp; &lt;", "*斜* **粗** _下_ __下__ `代码`",
    "[链接](javascript:alert(1)) ![图](x.png) <https://example.com>", "# 不是标题",
    "1. 不是列表", "- 不是列表", "+ 不是", "> 不是引用", "---", "===", "标题 {#id .cls}",
    "a | b | c", "\\*转义\\*", "\x02wzxhzdk:0\x03 控制字符", "  四个空格    缩进", "1) 一",
    "[^1]: 脚注", "*[HTML]: 缩写", "第一行\n第二行\n===", "C# 与 F#", "100% 完成!",
]


@pytest.mark.parametrize("s", NASTY)
def test_text_renders_as_itself_and_nothing_else(s: str) -> None:
    tags, text = _roundtrip(s)
    assert tags == ["p"], tags
    assert text.strip() == clean(s).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&*_`[](){}#+-.!|\\=:~^$ \n\t\"'一二aZ0129")),
               min_size=1, max_size=30))
def test_any_text_renders_as_itself(s: str) -> None:
    if not clean(s).strip():
        return
    tags, text = _roundtrip(s)
    assert tags == ["p"], (s, tags)
    assert text.strip() == clean(s).strip()


def test_safe_url_allows_only_web_and_mail() -> None:
    assert safe_url("https://example.com/a b(c)") == "https://example.com/a%20b%28c%29"
    assert safe_url("mailto:a@b.cn") == "mailto:a@b.cn"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "file:///etc"):
        assert safe_url(bad) is None


def test_inline_markup_in_a_page() -> None:
    doc = small_document()
    foreword = render(doc)["chapter-foreword/index.md"]
    html = markdown.markdown(foreword, extensions=_extensions(), extension_configs=_configs())
    assert "<strong>全体销售人员</strong>" in html and "<em>认真阅读</em>" in html
    assert "<code>400-800-1234</code>" in html
    assert '<a href="https://example.com/">example.com</a><br>第二行' in html
    assert re.search(r'<h2 id="chapter-foreword-scope">适用范围', html)


def test_a_long_chapter_is_grouped_in_the_navigation() -> None:
    from handbook.writers.site.pages import NAV_GROUP_MIN, nav, plan

    doc = small_document()
    roles = tuple(
        t.Section(anchor=f"role-r{i}", title=f"岗位{i}", level=2, page=True, kind="role",
                  group=f"部门{i // 10}")
        for i in range(NAV_GROUP_MIN + 5))
    chapter = t.Section(anchor="roles", title="岗位说明书", level=1, page=True, kind="chapter",
                        children=roles)
    long_doc = replace(doc, sections=(chapter,))
    roles_entry = nav(plan(long_doc))[1]
    index, *groups = roles_entry["岗位说明书"]
    assert index == {"岗位说明书": "roles/index.md"}
    assert [next(iter(g)) for g in groups] == ["部门0", "部门1", "部门2", "部门3"]
    assert groups[0]["部门0"][:2] == [{"岗位0": "roles/role-r0.md"}, {"岗位1": "roles/role-r1.md"}]
    assert sum(len(next(iter(g.values()))) for g in groups) == NAV_GROUP_MIN + 5
    # a short chapter stays flat
    short = replace(doc, sections=(replace(chapter, children=roles[:3]),))
    assert nav(plan(short))[1]["岗位说明书"][1:] == [
        {"岗位0": "roles/role-r0.md"}, {"岗位1": "roles/role-r1.md"},
        {"岗位2": "roles/role-r2.md"}]
