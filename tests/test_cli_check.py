"""`handbook check` and `handbook schema` as a user runs them: output, exit codes, and the
JSON Schema validating the sample handbook's data files."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from handbook import pipeline
from handbook.cli import main

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINIMAL = TESTS / "minimal"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "handbook"
    shutil.copytree(MINIMAL, target)
    return target


# --------------------------------------------------------------------------- check


def test_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(MINIMAL)], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("ok: 2 departments, 3 roles, 1 process")
    assert ", 2 KPIs, 1 glossary term, 2 regions, 2 revisions, 1 chapter (" in out


def test_check_defaults_to_the_current_folder(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(MINIMAL)
    code, out, _ = run(["check"], capsys)
    assert code == 0 and out.startswith("ok: ")


def test_check_errors_go_to_stderr_with_a_count(root: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (root / "data/roles/manager.yml").write_text(
        "id: manager\ntitle: 经理\ndepartment: sale\nreports_to: director\n", encoding="utf-8")
    code, out, err = run(["check", str(root)], capsys)
    assert (code, out) == (1, "")
    assert err == ("data/roles/manager.yml:3:13: error: unknown department 'sale'; did you mean "
                   "'sales'?\n1 error found\n")
    (root / "data/roles/director.yml").write_text("id: director\n", encoding="utf-8")
    code, _, err = run(["check", str(root)], capsys)
    assert code == 1
    assert err.splitlines()[-1] == "3 errors found"


def test_errors_are_sorted_by_file_and_position(root: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (root / "data/kpis/z.yml").write_text("id: z\nname: [x]\n", encoding="utf-8")
    (root / "data/kpis/a.yml").write_text("id: a\nname: x\nunit: [x]\nfrequency: daily\n",
                                          encoding="utf-8")
    _, _, err = run(["check", str(root)], capsys)
    assert [ln.split(": error:")[0] for ln in err.splitlines()[:-1]] == [
        "data/kpis/a.yml:3:7", "data/kpis/a.yml:4:12", "data/kpis/z.yml:2:7"]


def test_check_of_a_folder_that_does_not_exist(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(tmp_path / "nope")], capsys)
    assert (code, out) == (2, "")
    assert err == f"handbook: error: {tmp_path / 'nope'} is not a folder\n"


def test_check_of_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", str(tmp_path)], capsys)
    assert code == 1
    assert err.splitlines() == [
        "data/revisions.yml:1:1: error: the revision log is empty; add data/revisions.yml with "
        "at least one {version, date, summary}",
        "handbook.yml:1:1: error: handbook.yml not found; a handbook directory needs "
        "handbook.yml with title, organization and doc_number",
        "2 errors found",
    ]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "a", "b"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.endswith(
        "handbook: error: unrecognized arguments: b\nhint: run 'handbook --help'\n")
    with pytest.raises(SystemExit) as exc:
        main(["check", "--strict"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --strict" in capsys.readouterr().err
    code, out, err = run([], capsys)
    assert code == 2 and "usage: handbook" in err


def test_a_bug_is_reported_without_a_traceback(root: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "check", broken)
    monkeypatch.delenv("HANDBOOK_DEBUG", raising=False)
    code, out, err = run(["check", str(root)], capsys)
    assert (code, out) == (1, "")
    assert err == ("handbook: internal error: RuntimeError: boom\n"
                   "hint: run with HANDBOOK_DEBUG=1 for the traceback and report it\n")


def test_console_script(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "handbook"
    if not exe.exists():  # pragma: no cover
        pytest.skip("console script not installed")
    done = subprocess.run([str(exe), "check", str(MINIMAL)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(exe), "check", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.endswith("2 errors found\n")


# --------------------------------------------------------------------------- schema


FILE_KINDS = ["handbook", "roles", "departments", "processes", "rules", "kpis", "glossary",
              "regions", "revisions"]


def schema(kind: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(["schema", "--file", kind], capsys)
    assert (code, err) == (0, "")
    return json.loads(out)


def as_json(value: Any) -> Any:
    """YAML data as JSON has it (dates are strings there), as yaml-language-server sees it."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def data_files(root: Path, kind: str) -> list[Path]:
    if kind == "handbook":
        return [root / "handbook.yml"]
    single = root / "data" / f"{kind}.yml"
    folder = root / "data" / kind
    return ([single] if single.is_file() else []) + sorted(folder.glob("*.yml"))


def validator(kind: str, capsys: pytest.CaptureFixture[str]) -> jsonschema.protocols.Validator:
    sch = schema(kind, capsys)
    cls = jsonschema.validators.validator_for(sch)
    cls.check_schema(sch)
    return cls(sch, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("handbook", [ROOT, MINIMAL], ids=["sample", "minimal"])
def test_schema_validates_the_data_files(kind: str, handbook: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    v = validator(kind, capsys)
    files = data_files(handbook, kind)
    assert files, f"no {kind} files in {handbook}"
    for path in files:
        data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(data)]
        assert errors == [], f"{path.relative_to(handbook)}: {errors}"


@pytest.mark.parametrize(("kind", "data"), [
    ("roles", {"id": "Bad_Id", "title": "t", "department": "d"}),
    ("roles", {"id": "r", "title": "t"}),
    ("roles", {"id": "r", "title": "t", "department": "d", "titel": "x"}),
    ("roles", {"id": "r", "title": "t", "department": "d", "headcount": "三"}),
    ("kpis", {"id": "k", "name": "n", "frequency": "weekly"}),
    ("revisions", [{"version": "1.0", "date": "2024-13-01", "summary": "s"}]),
    ("revisions", [{"version": "v1", "date": "2024-01-01", "summary": "s"}]),
    ("regions", {"regions": [{"id": "e", "name": "n", "contacts": ["a", "b"]}]}),
    ("regions", {"regions": [{"id": "e", "name": "n", "language": "en"}]}),
    ("handbook", {"title": "t", "organization": "o"}),
])
def test_schema_rejects_what_check_rejects(kind: str, data: Any,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert list(validator(kind, capsys).iter_errors(data)) != []


def test_whole_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    sch = json.loads(out)
    jsonschema.validators.validator_for(sch).check_schema(sch)
    assert set(sch["x-files"]) >= {"handbook.yml", "data/roles/*.yml", "data/roles.yml",
                                   "data/regions.yml", "data/revisions.yml"}
    v = jsonschema.Draft202012Validator(sch)
    assert v.is_valid(as_json(yaml.safe_load((ROOT / "data/regions.yml").read_text("utf-8"))))


def test_schema_of_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["schema", "--file", "people"], capsys)
    assert (code, out) == (2, "")
    assert err == "handbook: error: unknown file kind 'people'\n"


def _break_two_things(root: Path) -> None:
    role = root / "data" / "roles" / "sales-rep.yml"
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("department: sales", "department: saless", 1),
                    encoding="utf-8")
    (root / "data" / "kpis" / "visit-count.yml").write_text("id: visit-count\nname: 拜访量\n"
                                                          "frequency: weekly\n",
                                                          encoding="utf-8")


def test_check_json_lists_every_problem(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_two_things(root)
    code, out, err = run(["check", str(root), "--format", "json"], capsys)
    assert code == 1 and err == ""
    problems = json.loads(out)
    assert [(p["path"], p["line"], p["severity"]) for p in problems] == [
        ("data/kpis/visit-count.yml", 3, "error"), ("data/roles/sales-rep.yml", 3, "error")]
    assert problems[1]["message"] == "unknown department 'saless'"
    assert problems[1]["hint"] == "did you mean 'sales'?"
    code, out, _ = run(["check", str(MINIMAL), "--format", "json"], capsys)
    assert (code, json.loads(out)) == (0, [])


def test_check_github_annotations_escape_and_point_at_the_file(
        root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _break_two_things(root)
    monkeypatch.chdir(root.parent)
    code, out, err = run(["check", "handbook", "--format", "github"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == ("::error file=handbook/data/roles/sales-rep.yml,line=3,col=13::"
                        "unknown department 'saless' (did you mean 'sales'?)")
    assert lines[0].startswith("::error file=handbook/data/kpis/visit-count.yml,line=3,")
    assert "2 errors found" in err  # the plain lines still go to stderr
