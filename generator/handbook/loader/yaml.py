"""Safe YAML loading that keeps the source position of every node.

PyYAML's composer (libyaml's when available) gives nodes with marks; we convert them
ourselves instead of constructing Python objects, so that tags cannot build objects,
duplicate keys are caught, alias expansion is bounded and every value remembers where it
came from. Scalars keep their source text, so `version: 1.10` stays "1.10".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Diagnostics, Mark

try:  # libyaml is 3-6x faster (engine-facts); fall back to the pure-Python loader
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000  # per file, counting alias re-expansions: stops "billion laughs"
MAX_DEPTH = 200

_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass(eq=False)
class YNode:
    mark: Mark


@dataclass(eq=False)
class YScalar(YNode):
    value: Any  # str, int, float, bool, None or datetime.date
    raw: str = ""  # the scalar's source text
    style: str | None = None  # None (plain), '|', '>', '"', "'"


@dataclass(eq=False)
class YInvalid(YNode):
    """A mapping value that could not be loaded (the error is already reported): it keeps
    its key present, so that no misleading 'missing required key' follows."""


@dataclass(eq=False)
class YSeq(YNode):
    items: list[YNode] = field(default_factory=list)


@dataclass(eq=False)
class YMap(YNode):
    # key -> (key node, value node), in source order
    items: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)

    def get(self, key: str) -> YNode | None:
        pair = self.items.get(key)
        return pair[1] if pair else None

    def key_mark(self, key: str) -> Mark:
        pair = self.items.get(key)
        return pair[0].mark if pair else self.mark


def _mark(path: str, m: Any) -> Mark:
    if m is None:
        return Mark(path, 1, 1)
    return Mark(path, m.line + 1, m.column + 1)


def decode(path: str, data: bytes, diags: Diagnostics) -> str | None:
    """UTF-8 text of a file (a BOM is allowed), or an error naming the file's likely encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "save the file as UTF-8"
        try:
            data.decode("gb18030")
            hint = "it looks like GBK/GB18030; save it as UTF-8 (e.g. iconv -f GBK -t UTF-8)"
        except UnicodeDecodeError:
            pass
        diags.error(Mark(path, line, col), "file is not valid UTF-8", hint)
        return None


def load_text(path: str, text: str, diags: Diagnostics) -> YNode | None:
    """Compose one YAML document and convert it; None (with errors) if it is unusable."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc.context):
            problem = "more than one YAML document in the file"
        hint = _syntax_hint(problem) or _context_hint(exc)
        if mark is not None and "\t" in "".join(text.splitlines()[mark.line : mark.line + 1]):
            hint = "indent with spaces, not tabs"
        diags.error(_mark(path, mark), f"YAML syntax: {problem}", hint)
        return None
    except yaml.YAMLError as exc:
        diags.error(Mark(path, 1, 1), f"YAML syntax: {exc}")
        return None
    except RecursionError:
        diags.error(Mark(path, 1, 1), "YAML nesting is too deep")
        return None
    if node is None:
        return None
    return _Converter(path, diags).convert(node)


def _context_hint(exc: yaml.MarkedYAMLError) -> str | None:
    """Where the construct that the error interrupted starts (an unclosed '[' is far more
    useful to see than the end of the file, where the parser notices it)."""
    ctx, cm, pm = exc.context, exc.context_mark, exc.problem_mark
    if not ctx or cm is None or pm is None or not ctx.startswith("while ") or (
            (cm.line, cm.column) == (pm.line, pm.column)):
        return None
    what = ctx.split(" ", 2)[-1]  # "while parsing a flow sequence" -> "a flow sequence"
    what = what.removeprefix("a ").removeprefix("an ")
    where = f"line {cm.line + 1}, column {cm.column + 1}"
    if "flow" in what or "quoted" in what:
        return f"the {what} that starts at {where} is not closed"
    return f"check the indentation of the {what} that starts at {where}"


def _syntax_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote values that contain ': ' (a colon and a space)"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "check the indentation and that every key ends with ':'"
    return None


class _Converter:
    def __init__(self, path: str, diags: Diagnostics) -> None:
        self.path = path
        self.diags = diags
        self.count = 0
        self.too_big = False
        self.stack: set[int] = set()

    def convert(self, node: yaml.Node) -> YNode | None:
        try:
            return self._convert(node, 0)
        except _TooBig:
            self.diags.error(
                _mark(self.path, node.start_mark),
                f"YAML expands to more than {MAX_NODES} nodes (alias expansion)",
                "do not nest anchors and aliases; write the values out",
            )
            return None

    def _convert(self, node: yaml.Node, depth: int) -> YNode | None:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        mark = _mark(self.path, node.start_mark)
        if depth > MAX_DEPTH:
            self.diags.error(mark, f"YAML nesting deeper than {MAX_DEPTH} levels")
            return None
        if id(node) in self.stack:
            self.diags.error(mark, "recursive YAML alias", "an alias may not refer to itself")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, mark)
        if node.tag not in (_TAG + "seq", _TAG + "map"):
            self.diags.error(mark, f"YAML tag '{_short(node.tag)}' is not allowed",
                             "only plain mappings, lists and scalars are accepted")
            return None
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                seq = YSeq(mark)
                for child in node.value:
                    item = self._convert(child, depth + 1)
                    if item is not None:
                        seq.items.append(item)
                return seq
            return self._mapping(node, mark, depth)
        finally:
            self.stack.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, mark: Mark, depth: int) -> YMap:
        result = YMap(mark)
        for key_node, value_node in node.value:
            kmark = _mark(self.path, key_node.start_mark)
            if key_node.tag == _TAG + "merge":
                self.diags.error(kmark, "YAML merge keys ('<<') are not supported",
                                 "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.error(kmark, "a mapping key must be a plain word")
                continue
            key = self._scalar(key_node, kmark)
            if key is None:
                continue
            name = key.value if isinstance(key.value, str) else key.raw
            if name in result.items:
                first = result.items[name][0].mark
                self.diags.error(kmark, f"duplicate key '{name}'",
                                 f"it is already set on line {first.line}")
                continue
            value = self._convert(value_node, depth + 1)
            if value is None:  # an error was reported; keep the key, not the value
                value = YInvalid(_mark(self.path, value_node.start_mark))
            key.value = name
            result.items[name] = (key, value)
        return result

    def _scalar(self, node: yaml.ScalarNode, mark: Mark) -> YScalar | None:
        if node.tag not in SCALAR_TAGS:
            self.diags.error(mark, f"YAML tag '{_short(node.tag)}' is not allowed",
                             "quote the value if it is meant as text")
            return None
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError,
                # PyYAML's constructors assume the resolver's patterns; an explicit tag
                # (`!!bool abc`, `!!int ""`, `!!timestamp x`) can make them fail like this
                KeyError, IndexError, AttributeError, TypeError) as exc:
            if node.tag == _TAG + "timestamp" and not isinstance(exc, AttributeError):
                self.diags.error(mark, f"invalid date '{node.value}' ({exc})",
                                 "write dates as YYYY-MM-DD")
            else:
                self.diags.error(mark, f"invalid {_short(node.tag)} value '{node.value}'")
            return None
        if isinstance(value, dt.datetime):
            value = value.date() if value.time() == dt.time() else value
        if isinstance(value, float) and value != value:  # NaN: keep the text
            value = node.value
        # libyaml reports plain scalars with style '' and PyYAML's own parser with None
        return YScalar(mark, value, node.value, node.style or None)


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


class _TooBig(Exception):
    pass


def plain(node: YNode | None) -> Any:
    """The node as plain Python data (for mkdocs.yml, front matter, tests)."""
    if node is None or isinstance(node, YInvalid):
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(i) for i in node.items]
    assert isinstance(node, YMap)
    return {k: plain(v) for k, (_, v) in node.items.items()}
