"""The text syntax (contract section 2): what `scan` finds, where it points inside every
YAML scalar style, and what `render` makes of it."""

from __future__ import annotations

import itertools

import pytest

from handbook import text as tx
from handbook import tree as t
from handbook.diagnostics import Diagnostics, Mark
from handbook.loader.yaml import load_text
from handbook.model import spec as s
from handbook.model.convert import Converter
from handbook.model.values import PStr

ANY_TEXT = s.Obj("test", {}, filterable=False, extra=s.Text())
_paths = itertools.count()


def texts(yaml_text: str, monkeypatch: pytest.MonkeyPatch,
          spec: s.Obj = ANY_TEXT) -> tuple[str, dict[str, PStr]]:
    """The text values of a YAML mapping, loaded as the loader does (SOURCES included).
    Every call uses a new path, so no cached scan of an earlier test can answer."""
    path = f"data/text-{next(_paths)}.yml"
    diags = Diagnostics()
    node = load_text(path, yaml_text, diags)
    assert node is not None and not diags, diags.lines()
    monkeypatch.setitem(tx.SOURCES, path, yaml_text.splitlines())
    return path, Converter(diags).convert(node, spec, "test")


def found(src: str) -> list[tuple[str, int, int, str]]:
    """(what, line, col, kind:id or message) of everything `scan` finds, in source order."""
    out = []
    for f in tx.scan(src):
        detail = f"{f.kind}:{f.id}" if f.what != "error" else f.message
        out.append((f.what, f.mark.line, f.mark.col, detail))
    return sorted(out, key=lambda x: (x[1], x[2]))


# --------------------------------------------------------------------------- positions


def test_plain_scalar_positions_are_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    _, v = texts("a: 见[[role:sales-rep]]和{{ region.hotline }}。\n", monkeypatch)
    assert found(v["a"]) == [("ref", 1, 5, "role:sales-rep"),
                             ("value", 1, 24, "region:hotline")]


def test_plain_scalar_in_a_nested_list(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = s.Obj("r", {"duties": s.F(s.List(s.OneOf(s.Text(), s.DUTY)))}, filterable=False)
    _, v = texts("duties:\n  - title: t\n    tasks:\n      - 按[[process:p]]执行\n",
                 monkeypatch, spec)
    assert found(v["duties"][0]["tasks"][0]) == [("ref", 4, 10, "process:p")]


def test_multi_line_plain_scalar(monkeypatch: pytest.MonkeyPatch) -> None:
    # folded into one line: exact on the first source line, the scalar's start after it
    _, v = texts("a: 第一行[[role:x]]\n  第二行[[role:y]]\n", monkeypatch)
    assert str(v["a"]) == "第一行[[role:x]] 第二行[[role:y]]"
    assert found(v["a"]) == [("ref", 1, 4, "role:y"), ("ref", 1, 7, "role:x")]


@pytest.mark.parametrize(("scalar", "col"), [
    ('"负责[[role:x]]的工作"', 7),  # exact: the quote, then two characters
    ('"负责[[role:x]]\\t的工作"', 7),  # an escape after the reference does not matter
    ('"负\\t责[[role:x]]的工作"', 4),  # an escape before it: the scalar's start
    ("'负责[[role:x]]的''工作'''", 7),
    ("'负''责[[role:x]]的工作'", 4),
])
def test_quoted_scalars(monkeypatch: pytest.MonkeyPatch, scalar: str, col: int) -> None:
    _, v = texts(f"a: {scalar}\n", monkeypatch)
    assert found(v["a"]) == [("ref", 1, col, "role:x")]


def test_literal_block_positions_are_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    yaml_text = ("a: |\n"
                 "  第一段\n"
                 "\n"
                 "  - 项目 [[role:x]]\n"
                 "    续行 {{ region.y }} <b>\n"
                 "b: after\n")
    _, v = texts(yaml_text, monkeypatch)
    assert found(v["a"]) == [
        ("ref", 4, 8, "role:x"),
        ("value", 5, 8, "region:y"),
        ("error", 5, 23, "raw HTML is not allowed in text: '<b>'"),
    ]


def test_literal_block_in_a_list_item(monkeypatch: pytest.MonkeyPatch) -> None:
    _, v = texts("a:\n  - x\nb: |-\n\n      缩进更深 [[kpi:k]]\n", monkeypatch)
    assert found(v["b"]) == [("ref", 5, 12, "kpi:k")]


def test_folded_block_points_at_the_scalar(monkeypatch: pytest.MonkeyPatch) -> None:
    _, v = texts("a: >\n  第一行\n  [[role:x]]\n", monkeypatch)
    assert found(v["a"]) == [("ref", 1, 4, "role:x")]


def test_chapter_body_positions() -> None:
    body = PStr("# 标题\n\n正文[[role:x]]\n\n  <div>\n", Mark("content/a.md", 5, 1), "md")
    assert found(body) == [("ref", 7, 3, "role:x"),
                           ("error", 9, 3, "raw HTML is not allowed in text: '<div>'")]


def test_text_without_a_position() -> None:
    assert found("ab[[role:x]]") == [("ref", 1, 3, "role:x")]
    assert tx.scan("ab[[role:x]]")[0].mark.path == "<text>"


# --------------------------------------------------------------------------- what scan finds


def test_references() -> None:
    refs = [(f.kind, f.id, f.label) for f in tx.scan(
        "[[role:a]] [[ kpi : b | 标签 ]] [[term:c|]] [[person:d]]") if f.what == "ref"]
    assert refs == [("role", "a", None), ("kpi", "b", "标签"), ("person", "d", None)]
    (empty,) = [f for f in tx.scan("[[term:c|]]") if f.what == "error"]
    assert empty.message == "empty label in '[[term:c|]]'"


@pytest.mark.parametrize("src", ["[[sales-rep]]", "[[ ]]", "[[x|y]]"])
def test_malformed_reference(src: str) -> None:
    (f,) = tx.scan(src)
    assert (f.what, f.message, f.hint) == (
        "error", f"malformed reference '{src}'", "write [[kind:id]], e.g. [[role:sales-rep]]")


@pytest.mark.parametrize(("src", "value"), [
    ("{{ region.hotline }}", ("region", "hotline")),
    ("{{region.hotline}}", ("region", "hotline")),
    ("{{ handbook.title }}", ("handbook", "title")),
    ("{{\n  region.name\n}}", ("region", "name")),
])
def test_values(src: str, value: tuple[str, str]) -> None:
    (f,) = tx.scan(src)
    assert (f.what, f.kind, f.id) == ("value", *value)


@pytest.mark.parametrize("src", [
    "{{ x.__class__ }}", "{{ region.hotline.__class__ }}", "{{ region['hotline'] }}",
    "{{ region.hotline() }}", "{{ region.hotline | upper }}", "{{ ''.__class__.__mro__ }}",
    "{{ lipsum.__globals__ }}", "{{ config }}", "{{ 7*7 }}", "{{ region. hotline }}",
])
def test_unsafe_expressions(src: str) -> None:
    (f,) = tx.scan(src)
    assert (f.what, f.message, f.hint) == (
        "error", f"unsafe or unsupported expression '{src}'",
        "only {{ region.key }} and {{ handbook.key }} are allowed")


@pytest.mark.parametrize("src", ["{% for r in x %}", "{% raw %}", "{# note #}",
                                 "{%- if a -%}"])
def test_template_statements(src: str) -> None:
    (f,) = tx.scan(src)
    assert (f.what, f.message) == ("error", "template statements are not allowed in text")


@pytest.mark.parametrize(("src", "shown"), [
    ("<b>粗体</b>", ["<b>", "</b>"]),
    ("<script>alert(1)</script>", ["<script>", "</script>"]),
    ("<img src=x onerror=alert(1)>", ["<img src=x onerror=alert(1)>"]),
    ("<a\nhref='x'>", ["<a\nhref='x'>"]),
    ("<!-- 注释 -->", ["<!--"]),
    ("<?php echo 1; ?>", ["<?"]),
    ("<br/>", ["<br/>"]),
])
def test_raw_html(src: str, shown: list[str]) -> None:
    assert [f.message for f in tx.scan(src)] == [
        f"raw HTML is not allowed in text: '{x}'" for x in shown]


@pytest.mark.parametrize("src", [
    "1 < 2 且 3 > 2", "a<b", "<https://example.com>", "`<b>`", "<中文>", "<<重要>>", "< b>",
])
def test_not_html(src: str) -> None:
    assert tx.scan(src) == []


def test_images_and_links() -> None:
    msgs = [f.message for f in tx.scan(
        "![图](a.png) [a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd) "
        "[d](page.html) [e](//evil.example) [ok](https://x.cn/a_(b)) [ok](mailto:a@b.cn) "
        "[ok](#top) `![code](x.png)`")]
    assert msgs == [
        "images are not allowed in text",
        "link target 'javascript:alert(1)' is not allowed",
        "link target 'data:text/html,x' is not allowed",
        "link target 'file:///etc/passwd' is not allowed",
        "link target 'page.html' is not allowed",
        "link target '//evil.example' is not allowed",
    ]


# --------------------------------------------------------------------------- rendering


def resolve(kind: str, eid: str, label: str | None) -> t.Inline:
    return t.Ref(f"{kind}-{eid}", (t.Text(label if label is not None else eid.upper()),))


VALUES = {"region": {"hotline": "400-1", "name": "*华东* [[role:x]] <b>"},
          "handbook": {"title": "手册"}}


def test_render_references_and_values() -> None:
    (para,) = tx.render("见[[role:sales-rep]]、[[kpi:k|指标]]，热线{{ region.hotline }}。",
                        VALUES, resolve)
    assert para == t.Paragraph((
        t.Text("见"), t.Ref("role-sales-rep", (t.Text("SALES-REP"),)), t.Text("、"),
        t.Ref("kpi-k", (t.Text("指标"),)), t.Text("，热线400-1。")))


def test_values_are_inserted_as_literal_text() -> None:
    (para,) = tx.render("{{ region.name }}", VALUES, resolve)
    assert para == t.Paragraph((t.Text("*华东* [[role:x]] <b>"),))


def test_unknown_and_unsafe_expressions_render_as_nothing() -> None:
    (para,) = tx.render("a{{ region.__class__ }}b{{ x.__class__ }}c{% if 1 %}d", VALUES,
                        resolve)
    assert para == t.Paragraph((t.Text("abcd"),))


def test_raw_html_is_never_passed_through() -> None:
    blocks = tx.render("<b>x</b> <script>y</script>\n\n<div>\nz\n</div>\n", {}, resolve)
    leaves = [n for b in blocks for n in b.children]
    assert all(isinstance(n, t.Text) for n in leaves)
    assert "".join(n.text for n in leaves) == "<b>x</b> <script>y</script><div>\nz\n</div>"


def test_unsafe_links_are_not_links() -> None:
    (para,) = tx.render("[a](javascript:alert(1)) [b](https://x.cn) <javascript:alert(2)> "
                        "[c](page.html)", {}, resolve)
    assert [n for n in para.children if not isinstance(n, t.Text)] == [
        t.Link("https://x.cn", (t.Text("b"),))]
    assert t.inline_text(para.children) == (
        "[a](javascript:alert(1)) b <javascript:alert(2)> c")


def test_markdown_structure() -> None:
    blocks = tx.render("## 小标题\n\n- 一\n- **二**\n\n1. 甲\n2. 乙\n\n|a|b|\n|-|-|\n|1|2|\n",
                       {}, resolve)
    assert blocks == [
        tx.Heading(2, "小标题"),
        t.BulletList(((t.Paragraph((t.Text("一"),)),),
                      # (markdown-it's empty text tokens around the emphasis are kept)
                      (t.Paragraph((t.Text(""), t.Strong((t.Text("二"),)), t.Text(""))),))),
        t.OrderedList(((t.Paragraph((t.Text("甲"),)),), (t.Paragraph((t.Text("乙"),)),)), 1),
        t.Table(((t.Text("a"),), (t.Text("b"),)), (((t.Text("1"),), (t.Text("2"),)),)),
    ]


def test_chinese_soft_breaks_vanish() -> None:
    (para,) = tx.render("第一行\n第二行\nand\nmore", {}, resolve)
    assert para == t.Paragraph((t.Text("第一行第二行 and more"),))


def test_a_reference_inside_a_code_span_is_shown_as_code_not_checked() -> None:
    assert [f for f in tx.scan("写法：`[[role:nobody]]`") if f.what in ("ref", "error")] == []
    blocks = tx.render("写法：`[[role:nobody]]`", {}, lambda k, i, lbl: t.Ref(i, ()))
    assert blocks == [t.Paragraph((t.Text("写法："), t.Code("[[role:nobody]]")))]
