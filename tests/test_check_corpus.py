"""The invalid-handbook corpus: every case under tests/invalid/ must make `handbook check`
exit 1 with exactly the error lines of its expected.txt.

A case is either a `mutation.yml` applied to a copy of tests/minimal, or (without one) the
case folder itself is the handbook. mutation.yml:

    description: what is wrong
    changes:
      - file: data/roles/sales-rep.yml
        replace: {old: "reports_to: manager", new: "reports_to: mananger"}
      - file: data/new.yml
        write: "text of the whole file"       # optional: encoding: gbk
      - file: data/kpis/visit-count.yml
        append: "more text"
      - file: content/foreword.md
        delete: true

`replace` must match exactly once, so a case cannot silently stop testing anything when the
minimal handbook changes. HANDBOOK_UPDATE_GOLDEN=1 rewrites expected.txt from the output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from handbook.cli import main

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINIMAL = TESTS / "minimal"
CORPUS = TESTS / "invalid"
UPDATE = os.environ.get("HANDBOOK_UPDATE_GOLDEN") == "1"


def apply_mutation(target: Path, mutation: dict) -> None:
    """Apply the `changes` of a mutation.yml to the handbook copy in `target`."""
    for change in mutation["changes"]:
        path = target / change["file"]
        encoding = change.get("encoding", "utf-8")
        if "replace" in change:
            old, new = change["replace"]["old"], change["replace"]["new"]
            text = path.read_text(encoding="utf-8")
            count = text.count(old)
            assert count == 1, f"{change['file']}: {old!r} occurs {count} times, not once"
            path.write_bytes(text.replace(old, new).encode(encoding))
        elif "write" in change:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(change["write"].encode(encoding))
        elif "append" in change:
            with path.open("ab") as f:
                f.write(change["append"].encode(encoding))
        elif change.get("delete"):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        else:  # pragma: no cover - a broken corpus file
            raise AssertionError(f"unknown change {change!r}")


def materialize(case: Path, tmp_path: Path) -> Path:
    """The handbook folder of a corpus case (a mutated copy of tests/minimal, or the case)."""
    mutation_file = case / "mutation.yml"
    if not mutation_file.is_file():
        return case
    target = tmp_path / "handbook"
    shutil.copytree(MINIMAL, target)
    apply_mutation(target, yaml.safe_load(mutation_file.read_text(encoding="utf-8")))
    return target


def run_check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """(exit code, stderr lines, stdout) of `handbook check folder`."""
    capsys.readouterr()
    code = main(["check", str(folder)])
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = materialize(case, tmp_path)
    code, lines, out = run_check(folder, capsys)
    assert out == ""
    assert not any("Traceback" in ln or "internal error" in ln for ln in lines), lines
    assert code == 1, lines
    assert lines and lines[-1].endswith("found"), lines
    errors = lines[:-1]
    n = len(errors)
    assert lines[-1] == f"{n} error{'s' if n != 1 else ''} found"
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text("".join(e + "\n" for e in errors), encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert errors == expected


def test_sample_handbook_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, out = run_check(ROOT, capsys)
    assert (code, lines) == (0, [])
    assert out.startswith("ok: ")


def test_minimal_handbook_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, out = run_check(MINIMAL, capsys)
    assert (code, lines) == (0, [])
    assert out.startswith("ok: 2 departments, 3 roles, 1 process")
    assert "2 regions, 2 revisions, 1 chapter " in out
