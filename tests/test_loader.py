"""The YAML loader (positions, scalars kept as written, safety limits), decoding, type
conversion against the field specs, and loading a whole handbook directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from handbook.diagnostics import Diagnostics, Mark
from handbook.loader import yaml as hy
from handbook.loader.directory import load_handbook
from handbook.model import spec as s
from handbook.model.convert import Converter
from handbook.model.values import PDict, PList, PStr

MINIMAL = Path(__file__).resolve().parent / "minimal"


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser and with PyYAML's own: both must agree."""
    if request.param == "python":
        monkeypatch.setattr(hy, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):  # pragma: no cover
        pytest.skip("PyYAML without libyaml")
    return request.param


def load(text: str, path: str = "f.yml") -> tuple[hy.YNode | None, list[str]]:
    diags = Diagnostics()
    node = hy.load_text(path, text, diags)
    return node, diags.lines()


def convert(text: str, t: s.Type, what: str = "x") -> tuple[object, list[str]]:
    diags = Diagnostics()
    node = hy.load_text("f.yml", text, diags)
    assert node is not None, diags.lines()
    value = Converter(diags).convert(node, t, what)
    return value, diags.lines()


# --------------------------------------------------------------------------- positions


def test_positions_of_keys_values_and_items(loader: str) -> None:
    node, errors = load("id: sales-rep\nduties:\n  - title: 开发\n    tasks: [a, 'b']\n"
                        "summary: |\n  第一行\n")
    assert errors == []
    assert isinstance(node, hy.YMap)
    assert node.mark == Mark("f.yml", 1, 1)
    assert node.key_mark("id") == Mark("f.yml", 1, 1)
    assert node.get("id").mark == Mark("f.yml", 1, 5)
    duties = node.get("duties")
    assert isinstance(duties, hy.YSeq)
    assert duties.mark == Mark("f.yml", 3, 3)
    first = duties.items[0]
    assert isinstance(first, hy.YMap)
    assert first.mark == Mark("f.yml", 3, 5)
    tasks = first.get("tasks")
    assert [i.mark for i in tasks.items] == [Mark("f.yml", 4, 13), Mark("f.yml", 4, 16)]
    assert node.get("summary").mark == Mark("f.yml", 5, 10)
    # a missing key points at the mapping
    assert node.key_mark("nope") == node.mark


def test_columns_count_characters_not_bytes(loader: str) -> None:
    node, _ = load("名称: 销售代表\n")
    assert isinstance(node, hy.YMap)
    assert node.get("名称").mark == Mark("f.yml", 1, 5)


def test_scalar_styles_are_the_same_for_both_parsers(loader: str) -> None:
    node, _ = load("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\n")
    assert isinstance(node, hy.YMap)
    styles = {k: v.style for k, (_, v) in node.items.items()}
    assert styles == {"a": None, "b": "'", "c": '"', "d": "|", "e": ">"}


# --------------------------------------------------------------------------- scalars


def test_scalars_keep_their_source_text(loader: str) -> None:
    node, _ = load("v: 1.10\nw: 2\nx: 0x1F\ny: 1e3\nz: .inf\nn: .nan\n")
    assert isinstance(node, hy.YMap)
    raw = {k: v.raw for k, (_, v) in node.items.items()}
    assert raw == {"v": "1.10", "w": "2", "x": "0x1F", "y": "1e3", "z": ".inf", "n": ".nan"}
    assert node.get("n").value == ".nan"  # NaN is kept as text: NaN != NaN breaks diffs


@pytest.mark.parametrize(("written", "kept"), [
    ("1.10", "1.10"), ('"1.10"', "1.10"), ("1.0", "1.0"), ("2", "2"), ("'2.0.1'", "2.0.1"),
])
def test_version_is_kept_as_written(loader: str, written: str, kept: str) -> None:
    value, errors = convert(f"version: {written}\ndate: 2024-01-02\nsummary: s\n", s.REVISION)
    assert errors == []
    assert value["version"] == kept
    assert isinstance(value["version"], PStr)


@pytest.mark.parametrize("written", ["v1.1", "1..2", "'1.a'", "true"])
def test_version_must_be_dotted_numbers(written: str) -> None:
    value, errors = convert(f"version: {written}\ndate: 2024-01-02\nsummary: s\n", s.REVISION)
    assert "version" not in value
    assert len(errors) == 1
    assert errors[0].startswith("f.yml:1:10: error: 'version' of revision must be dotted")


def test_dates(loader: str) -> None:
    value, errors = convert("version: '1.0'\ndate: 2024-03-01\neffective: '2024-04-01'\n"
                            "summary: s\n", s.REVISION)
    assert errors == []
    assert value["date"] == "2024-03-01" and value["effective"] == "2024-04-01"
    assert value.at("date") == Mark("f.yml", 2, 7)


def test_impossible_date_is_one_error_at_the_value(loader: str) -> None:
    value, errors = convert("version: '1.0'\ndate: 2024-19-45\nsummary: s\n", s.REVISION)
    # no second "missing required key 'date'": the key is there, its value is wrong
    assert errors == ["f.yml:2:7: error: invalid date '2024-19-45' (month must be in 1..12); "
                      "write dates as YYYY-MM-DD"]
    assert "date" not in value


@pytest.mark.parametrize(("written", "col"), [
    ("'2024-02-30'", 7), ("2024-03-01 10:30:00", 7), ("20240301", 7), ("'2024/03/01'", 7),
])
def test_dates_that_are_not_yyyy_mm_dd(written: str, col: int) -> None:
    _, errors = convert(f"version: '1.0'\ndate: {written}\nsummary: s\n", s.REVISION)
    raw = yaml.safe_load(f"x: {written}")["x"]
    raw = written.strip("'") if isinstance(raw, str) else written
    assert errors == [f"f.yml:2:{col}: error: 'date' of revision must be a date YYYY-MM-DD, "
                      f"not '{raw}'"]


# --------------------------------------------------------------------------- safety


def test_python_tags_are_refused(loader: str) -> None:
    node, errors = load("a: !!python/object/apply:os.system [ls]\nb: !!python/name:os.system ''\n"
                        "c: ok\n")
    assert errors == [
        "f.yml:1:4: error: YAML tag '!!python/object/apply:os.system' is not allowed; only "
        "plain mappings, lists and scalars are accepted",
        "f.yml:2:4: error: YAML tag '!!python/name:os.system' is not allowed; quote the value "
        "if it is meant as text",
    ]
    assert hy.plain(node) == {"a": None, "b": None, "c": "ok"}


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!bool maybe\n", "invalid !!bool value 'maybe'"),
    ("a: !!int ''\n", "invalid !!int value ''"),
    ("a: !!float ''\n", "invalid !!float value ''"),
    ("a: !!timestamp yesterday\n", "invalid !!timestamp value 'yesterday'"),
    ("a: !!binary aGk=\n", "YAML tag '!!binary' is not allowed; quote the value if it is "
                           "meant as text"),
    ("a: !custom x\n", "YAML tag '!custom' is not allowed; quote the value if it is meant as "
                       "text"),
])
def test_explicit_tags_with_unfit_values_are_errors_not_crashes(
        loader: str, text: str, message: str) -> None:
    _, errors = load(text)
    assert errors == [f"f.yml:1:4: error: {message}"]


def test_duplicate_key(loader: str) -> None:
    node, errors = load("id: a\nname: x\nid: b\n")
    assert errors == ["f.yml:3:1: error: duplicate key 'id'; it is already set on line 1"]
    assert hy.plain(node) == {"id": "a", "name": "x"}


def test_merge_key(loader: str) -> None:
    _, errors = load("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert errors == ["f.yml:3:3: error: YAML merge keys ('<<') are not supported; "
                      "write the keys out"]


def test_billion_laughs_is_bounded(loader: str) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefg"):
        prev = "abcdefg"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    node, errors = load("\n".join(lines) + "\n")
    assert node is None
    assert errors == [f"f.yml:1:1: error: YAML expands to more than {hy.MAX_NODES} nodes "
                      "(alias expansion); do not nest anchors and aliases; write the values out"]


def test_small_alias_use_is_fine(loader: str) -> None:
    node, errors = load("a: &x [1, 2]\nb: *x\n")
    assert errors == []
    assert hy.plain(node) == {"a": [1, 2], "b": [1, 2]}


def test_recursive_alias(loader: str) -> None:
    node, errors = load("a: &loop [x, *loop]\n")
    assert errors == ["f.yml:1:4: error: recursive YAML alias; an alias may not refer to itself"]
    assert hy.plain(node) == {"a": ["x"]}


def test_nesting_limit(loader: str) -> None:
    depth = hy.MAX_DEPTH + 5
    _, errors = load("a: " + "[" * depth + "]" * depth + "\n")
    assert errors == [f"f.yml:1:{4 + hy.MAX_DEPTH}: error: YAML nesting deeper than "
                      f"{hy.MAX_DEPTH} levels"]


def test_very_deep_nesting_is_an_error_not_a_crash(loader: str) -> None:
    node, errors = load("[" * 100_000)
    assert node is None
    assert errors == [{
        "libyaml": "f.yml:1:1001: error: YAML syntax: exceeded maximum nesting depth",
        "python": "f.yml:1:1: error: YAML nesting is too deep"}[loader]]


# --------------------------------------------------------------------------- syntax


@pytest.mark.parametrize(("text", "line"), [
    ("a: [x, y\nb: 1\n", "f.yml:2:2: error: YAML syntax: did not find expected ',' or ']'; "
                         "the flow sequence that starts at line 1, column 4 is not closed"),
    ("a: b: c\n", "f.yml:1:5: error: YAML syntax: mapping values are not allowed here; "
                  "quote values that contain ': ' (a colon and a space)"),
    ("a:\n\tb: 1\n", "f.yml:2:1: error: YAML syntax: found character that cannot start any "
                     "token; indent with spaces, not tabs"),
    ("a: 1\n---\nb: 2\n", "f.yml:2:1: error: YAML syntax: more than one YAML document in the "
                          "file"),
    ("a: \"open\n", "f.yml:2:1: error: YAML syntax: found unexpected end of stream; the "
                    "quoted scalar that starts at line 1, column 4 is not closed"),
])
def test_syntax_errors(text: str, line: str, loader: str) -> None:
    node, errors = load(text)
    assert node is None
    if loader == "libyaml":
        line = line.replace("are not allowed here", "are not allowed in this context")
        assert errors == [line]
    else:  # PyYAML words its problems differently; positions and hints are the same
        assert len(errors) == 1
        assert errors[0].split(": YAML syntax: ")[0] == line.split(": YAML syntax: ")[0]
        assert errors[0].partition("; ")[2] == line.partition("; ")[2]


def test_empty_document(loader: str) -> None:
    assert load("") == (None, [])
    assert load("# only a comment\n") == (None, [])


# --------------------------------------------------------------------------- decoding


def test_bom_is_accepted_and_positions_are_unchanged(loader: str) -> None:
    diags = Diagnostics()
    text = hy.decode("f.yml", "\ufeffid: a\nname: 名称\n".encode(), diags)
    assert text == "id: a\nname: 名称\n"
    node = hy.load_text("f.yml", text, diags)
    assert diags.lines() == []
    assert node.get("name").mark == Mark("f.yml", 2, 7)


def test_gbk_file_is_named_as_such() -> None:
    diags = Diagnostics()
    assert hy.decode("data/x.yml", "id: a\nname: 销售部\n".encode("gbk"), diags) is None
    assert diags.lines() == [
        "data/x.yml:2:7: error: file is not valid UTF-8; it looks like GBK/GB18030; save it as "
        "UTF-8 (e.g. iconv -f GBK -t UTF-8)"]


def test_other_encodings_get_a_plain_hint() -> None:
    diags = Diagnostics()
    assert hy.decode("x.yml", "a: 1\n".encode("utf-16"), diags) is None
    assert diags.lines() == ["x.yml:1:1: error: file is not valid UTF-8; save the file as UTF-8"]


# --------------------------------------------------------------------------- conversion


def test_type_errors_name_the_key_and_what_was_found(loader: str) -> None:
    text = ("id: r\ntitle: [a]\ndepartment: d\nheadcount: 十\ngrade: yes\nsummary: {a: 1}\n"
            "order: 1.5\nkpis:\n  - kpi: k\n    weight: 101\n")
    value, errors = convert(text, s.ROLE, "role")
    # no "missing required key 'title'": the key is there, its value is wrong
    assert errors == [
        "f.yml:2:8: error: 'title' of role must be text, not a list",
        "f.yml:4:12: error: 'headcount' of role must be a whole number, not text",
        "f.yml:5:8: error: 'grade' of role must be text, not a boolean (yes); quote it: 'yes'",
        "f.yml:6:10: error: 'summary' of role must be text, not a mapping",
        "f.yml:7:8: error: 'order' of role must be a whole number, not a number (1.5)",
        "f.yml:10:13: error: 'weight' of role KPI must be at most 100",
    ]
    assert set(value) == {"id", "department", "kpis"}


def test_unknown_and_missing_keys(loader: str) -> None:
    _, errors = convert("id: r\ntitel: x\n", s.ROLE, "role")
    assert sorted(errors) == [
        "f.yml:1:1: error: role is missing required key 'department'; 所属部门",
        "f.yml:1:1: error: role is missing required key 'title'; 岗位名称",
        "f.yml:2:1: error: unknown key 'titel' in role; did you mean 'title'?",
    ]


def test_empty_optional_key_is_absent_and_empty_required_key_is_an_error() -> None:
    value, errors = convert("id: r\ntitle:\ndepartment: d\nsummary:\n", s.ROLE, "role")
    assert errors == ["f.yml:2:7: error: 'title' of role must not be empty"]
    assert set(value) == {"id", "department"}


def test_ids_and_references(loader: str) -> None:
    _, errors = convert("id: Sales_Rep\ntitle: t\ndepartment: Sales Dept\n", s.ROLE, "role")
    assert errors == [
        "f.yml:1:5: error: invalid id 'Sales_Rep'; use lowercase letters, digits and single "
        "hyphens, e.g. sales-rep",
        "f.yml:3:13: error: invalid department id 'Sales Dept'; ids are lowercase letters, "
        "digits and hyphens",
    ]


def test_numbers_and_dates_in_text_fields_are_kept_as_written(loader: str) -> None:
    value, errors = convert("id: 007\ntitle: 2024-01-01\ndepartment: d\ngrade: 1.50\n",
                            s.ROLE, "role")
    assert errors == []
    assert (value["id"], value["title"], value["grade"]) == ("007", "2024-01-01", "1.50")


def test_a_single_id_where_a_list_is_expected(loader: str) -> None:
    value, errors = convert("id: r\ntitle: t\ndepartment: d\ncareer_next: boss\n"
                            "regions: east\n", s.ROLE, "role")
    assert errors == []
    assert value["career_next"] == ["boss"] and value["regions"] == ["east"]
    assert isinstance(value["career_next"], PList)


def test_converted_values_remember_positions(loader: str) -> None:
    value, _ = convert("id: r\ntitle: t\ndepartment: d\nqualifications:\n  - a\n"
                       "  - {text: b, regions: [east]}\n", s.ROLE, "role")
    assert isinstance(value, PDict)
    assert value.key_at("qualifications") == Mark("f.yml", 4, 1)
    quals = value["qualifications"]
    assert quals.at(0) == Mark("f.yml", 5, 5) and quals.at(1) == Mark("f.yml", 6, 5)
    assert quals[0].mark == Mark("f.yml", 5, 5)
    assert quals[1]["regions"] == ["east"]


# --------------------------------------------------------------------------- directory


def test_minimal_handbook_loads(loader: str) -> None:
    diags = Diagnostics()
    hb = load_handbook(MINIMAL, diags)
    assert diags.lines() == []
    assert {k: list(v) for k, v in hb.entities.items()} == {
        "department": ["marketing-center", "sales"],
        "role": ["director", "manager", "sales-rep"],
        "process": ["customer-visit"],
        "rule": ["visit-rule"],
        "kpi": ["sales-achievement", "visit-count"],
        "term": ["visit"],
    }
    assert hb.region_ids == ["east", "hk"]
    assert dict(hb.defaults) == {"hotline": "400-000-0000"}
    assert [str(r["version"]) for r in hb.revisions] == ["1.0", "1.1"]
    assert [(rid, kind, ov["id"]) for rid, ovs in hb.overlays.items() for kind, ov in ovs] == [
        ("east", "role", "sales-rep")]
    (chapter,) = hb.chapters
    assert (chapter.id, chapter.title, chapter.order, chapter.path) == (
        "foreword", "前言", 1, "content/foreword.md")
    assert chapter.body.mark == Mark("content/foreword.md", 5, 1)
    rep = hb.kind("role")["sales-rep"]
    assert rep.at("reports_to") == Mark("data/roles/sales-rep.yml", 4, 13)


def test_bom_and_crlf_files_load_with_the_same_positions(tmp_path: Path) -> None:
    root = tmp_path / "hb"
    shutil.copytree(MINIMAL, root)
    role = root / "data/roles/manager.yml"
    text = role.read_text(encoding="utf-8")
    role.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    diags = Diagnostics()
    hb = load_handbook(root, diags)
    assert diags.lines() == []
    manager = hb.kind("role")["manager"]
    assert manager.at("reports_to") == Mark("data/roles/manager.yml", 4, 13)
    assert manager["summary"].startswith("带领")


def test_files_that_cannot_be_read_are_errors(tmp_path: Path) -> None:
    root = tmp_path / "hb"
    shutil.copytree(MINIMAL, root)
    (root / "data/kpis/huge.yml").write_bytes(b"# " + b"x" * (5 * 1024 * 1024 + 10))
    outside = tmp_path / "outside.yml"
    outside.write_text("id: outside\nname: x\n", encoding="utf-8")
    (root / "data/kpis/link.yml").symlink_to(outside)
    diags = Diagnostics()
    hb = load_handbook(root, diags)
    assert diags.lines() == [
        f"data/kpis/huge.yml:1:1: error: file is too large ({5 * 1024 * 1024 + 12} bytes); "
        f"split it; the limit is {5 * 1024 * 1024} bytes",
        "data/kpis/link.yml:1:1: error: symbolic link points outside the handbook",
    ]
    assert "outside" not in hb.kind("kpi")


def test_chapters_and_folders_linked_from_outside_are_not_read(tmp_path: Path) -> None:
    root = tmp_path / "hb"
    shutil.copytree(MINIMAL, root)
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: secret\n---\nTOP SECRET\n", encoding="utf-8")
    (root / "content/zz.md").symlink_to(secret)
    shutil.move(root / "data/kpis", tmp_path / "kpis")
    (root / "data/kpis").symlink_to(tmp_path / "kpis")
    diags = Diagnostics()
    hb = load_handbook(root, diags)
    assert diags.lines() == [
        f"{rel}:1:1: error: symbolic link points outside the handbook"
        for rel in ("content/zz.md", "data/kpis/sales-achievement.yml",
                    "data/kpis/visit-count.yml")
    ]
    assert [c.id for c in hb.chapters] == ["foreword"] and hb.kind("kpi") == {}
