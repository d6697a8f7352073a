"""`handbook diff OLD NEW [--format markdown|json] [--repo DIR]` (contract section 6).

OLD and NEW are handbook folders or git revisions (see `source`). Both are loaded with
`pipeline.check`; a side with content errors is still compared on what did load, and the
number of errors is printed to standard error. The changes are semantic (see `core` for
what is compared and what a field path means) and printed as JSON (the contract's list of
`{kind, id, change, field, old, new}`) or as a Markdown report for a pull request (see
`markdown`).

Exit codes: 0 whether or not there are changes (like `git diff` without `--exit-code`: the
report is the output, not a verdict), 2 for usage errors: an unknown format, or an argument
that is neither a folder nor a revision of the git repository.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from .core import Change, diff_handbooks, diff_snapshots, diff_value, snapshot
from .markdown import render_markdown
from .source import Side, UsageError, resolve

FORMATS = ("markdown", "json")


def to_json(changes: list[Change]) -> str:
    return json.dumps([c.to_json() for c in changes], ensure_ascii=False, indent=2) + "\n"


def _load(side: Side) -> tuple[Any, int]:
    from ..pipeline import check

    hb, diags = check(side.root)
    return hb, len(diags.errors)


def run_diff(old: str, new: str, fmt: str = "markdown", repo: Path | str = ".",
             out: Any = None, err: Any = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt not in FORMATS:
        print(f"handbook diff: error: unknown format '{fmt}' (markdown or json)", file=err)
        return 2
    with ExitStack() as stack:
        try:
            sides = [resolve(arg, Path(repo), stack) for arg in (old, new)]
        except UsageError as exc:
            print(f"handbook diff: error: {exc}", file=err)
            return 2
        loaded = []
        for which, side in zip(("OLD", "NEW"), sides, strict=True):
            hb, errors = _load(side)
            if errors:
                print(f"handbook diff: warning: {which} '{side.arg}' has {errors} content "
                      f"error{'s' if errors != 1 else ''}; comparing what loaded (run "
                      "'handbook check' on it for details)", file=err)
            loaded.append(snapshot(hb))
    changes = diff_snapshots(loaded[0], loaded[1])
    if fmt == "json":
        out.write(to_json(changes))
    else:
        out.write(render_markdown(changes, loaded[0], loaded[1], old, new))
    return 0


__all__ = ["Change", "diff_handbooks", "diff_snapshots", "diff_value", "run_diff",
           "snapshot", "to_json"]
