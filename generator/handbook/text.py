"""The text syntax (contract section 2): Markdown with `[[kind:id|label]]` references and
`{{ region.key }}` / `{{ handbook.key }}` values.

`scan` finds references, values and forbidden constructs (raw HTML, images, unsafe links,
anything but a plain dotted name inside `{{ }}`) with their exact positions; `render`
turns a text into document-tree blocks. Values are substituted as literal text, never
evaluated: there is no template engine behind `{{ }}`, so nothing in content can call,
import or reach attributes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from . import tree as t
from .diagnostics import Mark
from .model.values import PStr

REF_RE = re.compile(r"\[\[([^\[\]|\n]*?)(?:\|([^\[\]\n]*))?\]\]")
EXPR_RE = re.compile(r"\{\{(.*?)\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
NAME_RE = re.compile(r"^\s*(region|handbook)\.([A-Za-z][A-Za-z0-9_]*)\s*$")
HTML_RE = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>|<!--|<\?|<!\[CDATA\[")
SAFE_URL_RE = re.compile(r"^(https?://|mailto:|#)", re.I)
SOURCES: dict[str, list[str]] = {}  # path -> lines, for positions inside block scalars


@dataclass(frozen=True)
class Found:
    what: str  # "ref", "value", "error"
    mark: Mark
    kind: str = ""
    id: str = ""
    label: str | None = None
    message: str = ""
    hint: str | None = None


def locate(src: str, offset: int) -> Mark:
    """The file position of character `offset` of a text value, as exactly as the YAML
    style allows (plain and literal scalars exactly; others at the scalar's start)."""
    mark = getattr(src, "mark", None)
    if mark is None:
        return Mark("<text>", 1, offset + 1)
    style = getattr(src, "style", None)
    before = src[:offset]
    line_in = before.count("\n")
    col_in = offset - (before.rfind("\n") + 1)
    if style is None or style in ("'", '"'):
        start = mark.col - 1 + (1 if style else 0)  # the value's first character
        lines = SOURCES.get(mark.path)
        if lines is not None:
            # Exact only while the source spells the value out unchanged up to `offset`
            # (no escapes, no folded line breaks); otherwise the scalar's start.
            if "\n" not in before and 0 < mark.line <= len(lines) and (
                    lines[mark.line - 1][start:start + offset] == before):
                return Mark(mark.path, mark.line, start + offset + 1)
            return mark
        if "\n" in src.strip() or (style and "\\" in getattr(src, "raw", "")):
            return mark
        return Mark(mark.path, mark.line, start + col_in + 1)
    if style == "md":  # a chapter body: the Markdown file itself
        return Mark(mark.path, mark.line + line_in, col_in + 1)
    if style == "|":
        first = mark.line + 1
        lines = SOURCES.get(mark.path)
        if lines is None:
            return mark
        indent = 0
        for probe in lines[first - 1:]:
            if probe.strip():
                indent = len(probe) - len(probe.lstrip(" "))
                break
        idx = first - 1 + line_in
        if 0 <= idx < len(lines):
            return Mark(mark.path, idx + 1, indent + col_in + 1)
    return mark


def scan(src: str) -> list[Found]:
    """References, values and forbidden constructs in a text, with positions."""
    mark = getattr(src, "mark", None)
    if mark is None:
        return _scan(src)
    return list(_scan_cached(str(src), mark, getattr(src, "style", None),
                             getattr(src, "raw", "")))


@functools.lru_cache(maxsize=100_000)
def _scan_cached(text: str, mark: Mark, style: str | None, raw: str) -> tuple[Found, ...]:
    return tuple(_scan(PStr(text, mark, style, raw)))


def clear_cache() -> None:
    _scan_cached.cache_clear()
    SOURCES.clear()


def _scan(src: str) -> list[Found]:
    out: list[Found] = []
    code_spans = [(m.start(), m.end()) for m in re.finditer(r"`[^`\n]*`", src)]

    def in_code(pos: int) -> bool:
        return any(a <= pos < b for a, b in code_spans)

    for m in REF_RE.finditer(src):
        if in_code(m.start()):  # shown literally, as code: not a reference
            continue
        body, label = m.group(1).strip(), m.group(2)
        mark = locate(src, m.start())
        if ":" not in body:
            out.append(Found("error", mark, message=f"malformed reference '{m.group(0)}'",
                             hint="write [[kind:id]], e.g. [[role:sales-rep]]"))
            continue
        if label is not None and not label.strip():
            out.append(Found("error", mark, message=f"empty label in '{m.group(0)}'",
                             hint="drop the '|' to show the entity's name"))
            continue
        kind, _, eid = body.partition(":")
        out.append(Found("ref", mark, kind.strip(), eid.strip(),
                         label.strip() if label is not None else None))
    for m in EXPR_RE.finditer(src):
        mark = locate(src, m.start())
        if m.group(0).startswith(("{%", "{#")):
            out.append(Found("error", mark, message="template statements are not allowed "
                             "in text", hint="only {{ region.key }} and {{ handbook.key }}"))
            continue
        nm = NAME_RE.match(m.group(1))
        if not nm:
            out.append(Found("error", mark, message=f"unsafe or unsupported expression "
                             f"'{m.group(0).strip()}'",
                             hint="only {{ region.key }} and {{ handbook.key }} are allowed"))
            continue
        out.append(Found("value", mark, nm.group(1), nm.group(2)))
    for m in HTML_RE.finditer(src):
        if in_code(m.start()):
            continue
        out.append(Found("error", locate(src, m.start()),
                         message=f"raw HTML is not allowed in text: '{m.group(0)[:40]}'",
                         hint="use Markdown; write &lt; for a literal '<'"))
    for m in re.finditer(r"(!?)\[[^\]\n]*\]\(((?:[^()\s]|\([^()\s]*\))*)", src):
        if in_code(m.start()):
            continue
        if m.group(1):
            out.append(Found("error", locate(src, m.start()),
                             message="images are not allowed in text",
                             hint="diagrams are drawn from the data; images cannot be embedded"))
        elif not SAFE_URL_RE.match(m.group(2)):
            out.append(Found("error", locate(src, m.start()),
                             message=f"link target '{m.group(2)[:60]}' is not allowed",
                             hint="links may be http(s):// or mailto:; for the handbook's own "
                                  "entities use [[kind:id]]"))
    return out


# --------------------------------------------------------------------------- rendering


def _hbref_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    m = REF_RE.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        tok = state.push("hbref", "", 0)
        tok.meta = {"body": m.group(1).strip(), "label": m.group(2)}
    state.pos = m.end()
    return True


def _make_md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.inline.ruler.before("link", "hbref", _hbref_rule)
    return md


_MD = _make_md()

RefResolver = Callable[[str, str, str | None], t.Inline]  # (kind, id, label) -> inline


@dataclass(frozen=True)
class Heading:
    """A heading inside a text; the builder turns it into a section (chapters) or bold text."""

    level: int
    title: str


def substitute(src: str, values: dict[str, dict[str, str]]) -> str:
    """Replace {{ region.x }} / {{ handbook.x }} with their values, escaped as Markdown."""

    def repl(m: re.Match[str]) -> str:
        nm = NAME_RE.match(m.group(1) or "")
        if not nm:
            return ""
        value = values.get(nm.group(1), {}).get(nm.group(2), "")
        return _md_escape(str(value))

    return EXPR_RE.sub(repl, src)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]{}()#+!|<>~-])", r"\\\1", text)


def render(src: str, values: dict[str, dict[str, str]], resolve: RefResolver,
           inline_only: bool = False) -> list[t.Block | Heading]:
    """Blocks of a text (values substituted, references resolved by `resolve`)."""
    tokens = _MD.parse(substitute(src, values))
    blocks = _Blocks(tokens, resolve).run()
    return blocks


def render_inline(src: str, values: dict[str, dict[str, str]],
                  resolve: RefResolver) -> tuple[t.Inline, ...]:
    """A one-paragraph text as inline content (table cells, field values)."""
    out: list[t.Inline] = []
    for block in render(src, values, resolve):
        if out:
            out.append(t.LineBreak())
        if isinstance(block, t.Paragraph):
            out.extend(block.children)
        elif isinstance(block, Heading):
            out.append(t.Text(block.title))
        else:
            out.append(t.Text(_plain_block(block)))
    return tuple(out)


def _plain_block(block: t.Block) -> str:
    if isinstance(block, t.Paragraph):
        return t.inline_text(block.children)
    if isinstance(block, (t.BulletList, t.OrderedList)):
        return "；".join(" ".join(_plain_block(b) for b in item) for item in block.items)
    if isinstance(block, t.Table):
        return " ".join(t.inline_text(c) for c in block.header)
    return ""


class _Blocks:
    def __init__(self, tokens: list[Token], resolve: RefResolver) -> None:
        self.tokens = tokens
        self.i = 0
        self.resolve = resolve

    def run(self) -> list[t.Block | Heading]:
        return self._blocks(close=None)

    def _blocks(self, close: str | None) -> list[t.Block | Heading]:
        out: list[t.Block | Heading] = []
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            if close and tok.type == close:
                self.i += 1
                return out
            self.i += 1
            ty = tok.type
            if ty == "paragraph_open":
                inl = self.tokens[self.i]
                self.i += 2  # inline, paragraph_close
                out.append(t.Paragraph(self._inline(inl.children or [])))
            elif ty == "heading_open":
                inl = self.tokens[self.i]
                self.i += 2
                out.append(Heading(int(tok.tag[1]), t.inline_text(self._inline(inl.children
                                                                                 or []))))
            elif ty in ("bullet_list_open", "ordered_list_open"):
                items = self._list_items(ty.replace("_open", "_close"))
                if ty == "bullet_list_open":
                    out.append(t.BulletList(items))
                else:
                    start = int(tok.attrGet("start") or 1)
                    out.append(t.OrderedList(items, start))
            elif ty == "table_open":
                out.append(self._table())
            elif ty == "blockquote_open":
                out.extend(self._blocks("blockquote_close"))
            elif ty in ("fence", "code_block"):
                out.append(t.Paragraph((t.Code(tok.content.rstrip("\n")),)))
            elif ty == "html_block":
                out.append(t.Paragraph((t.Text(tok.content.strip()),)))
            # hr and anything else: nothing to show
        return out

    def _list_items(self, close: str) -> tuple[tuple[t.Block, ...], ...]:
        items: list[tuple[t.Block, ...]] = []
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            self.i += 1
            if tok.type == close:
                break
            if tok.type == "list_item_open":
                blocks = self._blocks("list_item_close")
                items.append(tuple(b if not isinstance(b, Heading) else
                                   t.Paragraph((t.Strong((t.Text(b.title),)),)) for b in blocks))
        return tuple(items)

    def _table(self) -> t.Table:
        header: list[tuple[t.Inline, ...]] = []
        rows: list[tuple[tuple[t.Inline, ...], ...]] = []
        row: list[tuple[t.Inline, ...]] = []
        in_head = False
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            self.i += 1
            if tok.type == "table_close":
                break
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif tok.type == "inline":
                row.append(self._inline(tok.children or []))
        return t.Table(tuple(header), tuple(rows))

    def _inline(self, tokens: list[Token]) -> tuple[t.Inline, ...]:
        stack: list[tuple[str, list[t.Inline], str]] = [("root", [], "")]
        for tok in tokens:
            cur = stack[-1][1]
            ty = tok.type
            if ty == "text":
                _append_text(cur, tok.content)
            elif ty == "softbreak":
                _append_text(cur, "\n")
            elif ty == "hardbreak":
                cur.append(t.LineBreak())
            elif ty == "code_inline":
                cur.append(t.Code(tok.content))
            elif ty in ("html_inline", "image"):
                _append_text(cur, tok.content)
            elif ty == "hbref":
                body = tok.meta["body"]
                kind, _, eid = body.partition(":")
                label = tok.meta["label"]
                cur.append(self.resolve(kind.strip(), eid.strip(),
                                        label.strip() if label is not None else None))
            elif ty in ("strong_open", "em_open", "s_open"):
                stack.append((ty, [], ""))
            elif ty == "link_open":
                stack.append((ty, [], str(tok.attrGet("href") or "")))
            elif ty in ("strong_close", "em_close", "s_close", "link_close"):
                opener, children, href = stack.pop()
                parent = stack[-1][1]
                if opener == "strong_open":
                    parent.append(t.Strong(tuple(children)))
                elif opener == "em_open":
                    parent.append(t.Emphasis(tuple(children)))
                elif opener == "link_open" and SAFE_URL_RE.match(href) and not href.startswith(
                        "#"):
                    parent.append(t.Link(href, tuple(children)))
                else:
                    parent.extend(children)
        while len(stack) > 1:  # unbalanced: keep the text
            _, children, _ = stack.pop()
            stack[-1][1].extend(children)
        return _merge_soft(tuple(stack[0][1]))


def _append_text(out: list[t.Inline], text: str) -> None:
    if out and isinstance(out[-1], t.Text):
        out[-1] = t.Text(out[-1].text + text)
    else:
        out.append(t.Text(text))


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _merge_soft(inlines: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    """Soft line breaks between CJK characters vanish (no stray spaces in Chinese)."""
    out: list[t.Inline] = []
    for i, node in enumerate(inlines):
        if isinstance(node, t.Text) and node.text.endswith("\n") and i + 1 < len(inlines):
            stripped = node.text.rstrip("\n")
            if stripped and _CJK.match(stripped[-1]):
                node = t.Text(stripped)
        if isinstance(node, t.Text) and "\n" in node.text:
            parts = node.text.split("\n")
            text = parts[0]
            for part in parts[1:]:
                if text and part and _CJK.match(text[-1]) and _CJK.match(part[0]):
                    text += part
                else:
                    text += " " + part
            node = t.Text(text)
        out.append(node)
    return tuple(out)
