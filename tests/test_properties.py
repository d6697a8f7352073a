"""Property-based tests: no input, however malformed, ends in a traceback (contract section 4);
what passes `check` also builds; editions follow `regions:` (section 5)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.builder import build_document
from handbook.diagnostics import Diagnostics
from handbook.editions import BASE, edition_ids, resolve
from handbook.loader.yaml import YNode, decode, load_text
from handbook.pipeline import check

MINIMAL = Path(__file__).resolve().parent / "minimal"
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>[1-9][0-9]*):(?P<col>[1-9][0-9]*): "
                  r"(error|warning): \S")



def props(n: int) -> settings:
    """n examples, no deadline (a check takes milliseconds, a build longer), and no example
    database in the repository."""
    return settings(max_examples=n, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# YAML-ish pieces: random text rarely gets past the scanner, these reach the composer,
# the tag and alias handling and the converter
_PIECES = ["a", "id", "b", ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "&y ",
           "*y", "!!int ", "!!bool ", "!!float ", "!!timestamp ", "!!python/object ",
           "!!binary ", "!custom ", "<<: ", "---\n", "...\n", "|\n", ">-\n", "'", "\"", "#",
           "\n", "\n  ", "\n    ", "\t", " ", "2024-19-45", "2024-01-01", "1.10", "yes",
           "null", "~", "?", "%YAML 1.1\n", "\\", "\ufeff", "中文", "é", "\u2028", "\x85"]
yamlish = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=120), yamlish)


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar: JSON's escapes, plus the characters YAML does
    not allow raw (controls, DEL, C1, BOM, non-characters) escaped too."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]",
                  lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def check_lines(lines: list[str]) -> None:
    for line in lines:
        assert LINE.match(line), line
        assert "Traceback" not in line


# --------------------------------------------------------------------------- the loader


@props(400)
@given(any_text)
def test_loader_never_raises_on_text(text: str) -> None:
    diags = Diagnostics()
    node = load_text("f.yml", text, diags)
    assert node is None or isinstance(node, YNode)
    check_lines(diags.lines())


@props(200)
@given(st.one_of(st.binary(max_size=120), yamlish.map(lambda s: s.encode("utf-8")),
                 yamlish.map(lambda s: s.encode("gb18030"))))
def test_loader_never_raises_on_bytes(data: bytes) -> None:
    diags = Diagnostics()
    text = decode("f.yml", data, diags)
    if text is not None:
        load_text("f.yml", text, diags)
    check_lines(diags.lines())


# --------------------------------------------------------------------------- handbook folders


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of tests/minimal per module; each example restores what it changes."""
    root = tmp_path_factory.mktemp("props") / "handbook"
    shutil.copytree(MINIMAL, root)
    yield root


class Changed:
    """Write a file of the scratch handbook for one example, then put the original back."""

    def __init__(self, root: Path, rel: str, data: bytes) -> None:
        self.path = root / rel
        self.original = self.path.read_bytes() if self.path.exists() else None
        self.data = data

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(self.data)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self.original is None:
            self.path.unlink()
        else:
            self.path.write_bytes(self.original)


FILES = ["handbook.yml", "data/roles/sales-rep.yml", "data/departments.yml",
         "data/processes/customer-visit.yml", "data/regions.yml", "data/revisions.yml",
         "data/glossary.yml", "data/overlays/east/roles/sales-rep.yml", "data/kpis/new.yml",
         "data/overlays/hk/kpis/visit-count.yml", "content/foreword.md"]


def assert_points_into_the_handbook(root: Path, lines: list[str]) -> None:
    """Every error names a file (or folder) of the handbook, or one that should be there,
    and a line that exists in it (or the line after the last, for 'unexpected end')."""
    for line in lines:
        m = LINE.match(line)
        assert m, line
        path = root / m["path"]
        if m["path"] in ("handbook.yml", "data/revisions.yml") and not path.exists():
            continue
        assert path.exists(), line
        if path.is_file():
            # YAML also breaks lines at \r, NEL, LS and PS
            text = path.read_bytes().decode("utf-8", errors="replace")
            n = len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1
            assert int(m["line"]) <= n + 1, line


@props(150)
@given(st.sampled_from(FILES), st.one_of(any_text.map(str.encode), st.binary(max_size=80)))
def test_check_never_raises_on_any_file_content(scratch: Path, rel: str, data: bytes) -> None:
    with Changed(scratch, rel, data):
        _, diags = check(scratch)
        lines = diags.lines()
        check_lines(lines)
        assert_points_into_the_handbook(scratch, lines)


# values in the shape of the data, to get past the type checks into the cross-checks
_IDS = ["director", "manager", "sales-rep", "sales", "marketing-center", "customer-visit",
        "visit-rule", "sales-achievement", "visit-count", "visit", "plan", "review", "east",
        "hk", "base", "x"]
_KEYS = ["id", "title", "name", "department", "reports_to", "parent", "head", "kpis", "kpi",
         "weight", "regions", "text", "steps", "actor", "next", "summary", "duties", "tasks",
         "articles", "career_next", "version", "date", "order", "headcount"]
_scalars = st.one_of(st.sampled_from(_IDS), st.integers(-3, 150), st.booleans(), st.none(),
                     st.sampled_from(["2024-01-01", "1.0", "[[role:manager]]", "<b>",
                                      "{{ region.hotline }}", "{{ x.y }}", "[[kpi:x]]"]),
                     st.text(max_size=8))
shaped = st.recursive(_scalars, lambda c: st.one_of(
    st.lists(c, max_size=4), st.dictionaries(st.sampled_from(_KEYS), c, max_size=6)),
    max_leaves=25)


@props(150)
@given(st.sampled_from(FILES[:-1]), shaped)
def test_check_never_raises_on_shaped_data(scratch: Path, rel: str, value: object) -> None:
    data = json.dumps(value, ensure_ascii=False).encode()  # JSON is YAML
    with Changed(scratch, rel, data):
        hb, diags = check(scratch)
        check_lines(diags.lines())
        if not diags:
            for eid in edition_ids(hb):
                build_document(hb, eid)


# --------------------------------------------------------------------------- texts

_MARKUP = ["[[", "]]", "[[role:manager]]", "[[role:manager|经理]]", "[[term:visit]]",
           "[[role:", "|", "{{", "}}", "{{ region.hotline }}", "{{ region.name }}",
           "{{ handbook.title }}", "{%", "<", ">", "&lt;", "&#60;", "`", "*", "**", "_", "#",
           "\n", "\n\n", "- ", "1. ", "> ", "|a|b|\n|-|-|\n|1|2|\n", "[a](https://x.cn)",
           "[a](", "](", "![", "\\", "~~", "```\n", "    ", "中文", "，", " ", "\t", "<!--",
           "http://x", "<https://x.cn>", "\u3000", "😀"]
text_value = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(_MARKUP),
                                                      max_size=20).map("".join))


@props(200)
@given(text_value)
def test_any_role_summary_checks_and_builds(scratch: Path, summary: str) -> None:
    rel = "data/roles/director.yml"
    original = (scratch / rel).read_text(encoding="utf-8")
    new = original.replace("summary: 负责营销中心的全面工作。",
                           "summary: " + yaml_string(summary))
    with Changed(scratch, rel, new.encode()):
        hb, diags = check(scratch)
        lines = diags.lines()
        check_lines(lines)
        # an error in the summary points at the summary's line
        for line in lines:
            assert line.startswith("data/roles/director.yml:6:"), line
        if not diags:
            for eid in edition_ids(hb):
                build_document(hb, eid)
                build_document(hb, eid, "director")


@props(100)
@given(text_value)
def test_any_literal_block_text_points_inside_the_block(scratch: Path, summary: str) -> None:
    rel = "data/roles/director.yml"
    body = "".join(f"  {ln}\n" if ln.strip() else "\n" for ln in summary.splitlines()) or "  x\n"
    original = (scratch / rel).read_text(encoding="utf-8")
    new = original.replace("summary: 负责营销中心的全面工作。\n", "summary: |\n" + body)
    with Changed(scratch, rel, new.encode()):
        _, diags = check(scratch)
        lines = [ln for ln in diags.lines() if ln.startswith(rel)]
        last = 6 + len(body.splitlines())
        for line in lines:
            m = LINE.match(line)
            assert m, line
            if "YAML" not in line:
                assert 6 <= int(m["line"]) <= last, (line, body)


# --------------------------------------------------------------------------- editions

_region_sets = st.one_of(st.none(), st.lists(st.sampled_from(["east", "hk"]), unique=True,
                                             min_size=1, max_size=2))


@props(40)
@given(_region_sets, _region_sets)
def test_entities_and_items_appear_in_their_editions(scratch: Path, entity: list[str] | None,
                                                     item: list[str] | None) -> None:
    lines = ["id: extra", "name: 附加指标", "definition: 附加。"]
    if entity is not None:
        lines.append(f"regions: {json.dumps(entity)}")
    rel = "data/kpis/extra.yml"
    quals = "qualifications:\n  - 大专及以上学历。\n"
    extra_item = "  - text: 附加要求。\n" + (
        f"    regions: {json.dumps(item)}\n" if item is not None else "")
    role = scratch / "data/roles/sales-rep.yml"
    original = role.read_text(encoding="utf-8")
    assert original.count(quals) == 1
    with Changed(scratch, rel, ("\n".join(lines) + "\n").encode()), \
            Changed(scratch, "data/roles/sales-rep.yml",
                    original.replace(quals, quals + extra_item).encode()):
        hb, diags = check(scratch)
        assert diags.lines() == []
        for eid in edition_ids(hb):
            ed = resolve(hb, eid)
            region = None if eid == BASE else eid
            assert ("extra" in ed.kind("kpi")) == (entity is None or region in entity)
            shown = "附加要求。" in ed.kind("role")["sales-rep"]["qualifications"]
            assert shown == (item is None or region in item)
            # what the edition shows, the document shows
            doc = build_document(hb, eid)
            assert ("kpi-extra" in repr(doc)) == (entity is None or region in entity)
