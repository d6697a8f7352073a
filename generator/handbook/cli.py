"""The `handbook` command line (contract section 6). Exit codes: 0 success, 1 content
errors, 2 usage errors."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import paths

EPILOG = """\
examples:
  handbook check                       validate the handbook in this folder
  handbook build                       every edition, every format, into site/
  handbook build --edition east --format pdf
  handbook build --role sales-rep      the onboarding manual of one role
  handbook diff v1.0 HEAD              what changed between two git revisions
  handbook schema > handbook.schema.json
  handbook serve                       live preview on http://127.0.0.1:8000/
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a hint, as argparse does
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        print(f"hint: run '{self.prog} --help'", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="handbook", description="Handbook-as-code for sales organisations: "
                "validate a sales-management handbook kept as YAML and Markdown, and publish "
                "a website, a Word file and a PDF for every regional edition.",
                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("check", help="validate; print every problem as path:line:col")
    c.add_argument("dir", nargs="?", default=".", type=Path, help="handbook folder (default .)")
    c.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text (default); json: a list on stdout; github: workflow annotations "
                        "that mark the lines in a pull request")

    b = sub.add_parser("build", help="publish site, PDF and Word for every edition")
    b.add_argument("dir", nargs="?", default=".", type=Path, help="handbook folder (default .)")
    b.add_argument("--edition", action="append", default=[], metavar="ID",
                   help="only this edition: 'base' or a region id (repeatable)")
    b.add_argument("--format", action="append", default=[], choices=paths.FORMATS,
                   help="only this format (repeatable)")
    b.add_argument("--role", metavar="ID", help="build this role's onboarding manual instead")
    b.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="output folder (default: DIR/site)")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="writer processes (default: one per core)")
    b.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    b.add_argument("-v", "--verbose", action="store_true",
                   help="a line per artifact even in CI (where CI is set, only the summary "
                        "and errors are printed)")

    d = sub.add_parser("diff", help="semantic changes between two handbooks or git revisions")
    d.add_argument("old", help="a handbook folder or a git revision")
    d.add_argument("new", help="a handbook folder or a git revision")
    d.add_argument("--format", choices=("markdown", "json"), default="markdown")
    d.add_argument("--repo", type=Path, default=Path("."),
                   help="folder inside the git repository, for revisions (default .)")

    s = sub.add_parser("schema", help="print the JSON Schema of the data files")
    s.add_argument("--file", metavar="KIND", default=None,
                   help="only the schema of one file kind, e.g. roles, revisions, handbook")

    v = sub.add_parser("serve", help="live preview that rebuilds when a file changes")
    v.add_argument("dir", nargs="?", default=".", type=Path, help="handbook folder (default .)")
    v.add_argument("--edition", default="base", metavar="ID")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--host", default="127.0.0.1")
    return p


def _print_diags(diags: object) -> None:
    from .diagnostics import Diagnostics

    assert isinstance(diags, Diagnostics)
    for line in diags.lines():
        print(line, file=sys.stderr)
    n = len(diags.errors)
    if n:
        print(f"{n} error{'s' if n != 1 else ''} found", file=sys.stderr)


def _count(n: int, noun: str) -> str:
    plural = {"process": "processes", "term": "glossary terms", "kpi": "KPIs"}
    word = {"term": "glossary term", "kpi": "KPI"}.get(noun, noun) if n == 1 else plural.get(
        noun, noun + "s")
    return f"{n} {word}"


def _cmd_check(args: argparse.Namespace) -> int:
    import time

    from .pipeline import check

    root = args.dir
    if not root.is_dir():
        print(f"handbook: error: {root} is not a folder", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    hb, diags = check(root)
    if args.format == "json":
        print(json.dumps([{"path": d.mark.path, "line": d.mark.line, "col": d.mark.col,
                           "severity": d.severity, "message": d.message, "hint": d.hint}
                          for d in diags.sorted()], ensure_ascii=False, indent=2))
        return 1 if diags else 0
    if args.format == "github":
        for d in diags.sorted():
            print(_github_annotation(root, d))
    _print_diags(diags)
    if diags:
        return 1
    counts = ", ".join(_count(len(v), k) for k, v in hb.entities.items())
    print(f"ok: {counts}, {_count(len(hb.regions), 'region')}, "
          f"{_count(len(hb.revisions), 'revision')}, {_count(len(hb.chapters), 'chapter')} "
          f"({time.perf_counter() - t0:.2f} s)")
    return 0


def _github_annotation(root: Path, d: object) -> str:
    """A GitHub Actions workflow command; the path is made relative to the working folder
    (the repository root in a workflow), as GitHub expects."""
    from .diagnostics import Diagnostic

    assert isinstance(d, Diagnostic)

    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    path = os.path.relpath(root / d.mark.path)
    message = d.message + (f" ({d.hint})" if d.hint else "")
    return (f"::{d.severity} file={esc(path, True)},line={d.mark.line},col={d.mark.col}"
            f"::{esc(message)}")


def _cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import BuildError, build, stderr_log

    root = args.dir
    if not root.is_dir():
        print(f"handbook: error: {root} is not a folder", file=sys.stderr)
        return 2
    out = args.out or (root / "site")
    try:
        progress = args.verbose or not (args.quiet or os.environ.get("CI"))
        result, diags = build(root, out, args.edition, args.format, args.role,
                              stderr_log if progress else None, args.jobs)
    except BuildError as exc:
        print(f"handbook: error: {exc}", file=sys.stderr)
        print("build stopped: the previous output is untouched", file=sys.stderr)
        return 1
    _print_diags(diags)
    if result is None:
        print("build stopped: nothing was written", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"built {len(result.artifacts)} artifacts into {out} in {result.seconds:.1f} s",
              file=sys.stderr)
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import run_diff

    return run_diff(args.old, args.new, args.format, args.repo)


def _cmd_schema(args: argparse.Namespace) -> int:
    from .model.jsonschema import json_schema, schema_for

    if args.file:
        schema = schema_for(args.file)
        if schema is None:
            print(f"handbook: error: unknown file kind '{args.file}'", file=sys.stderr)
            return 2
    else:
        schema = json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.dir, args.edition, args.host, args.port)


COMMANDS = {"check": _cmd_check, "build": _cmd_build, "diff": _cmd_diff,
            "schema": _cmd_schema, "serve": _cmd_serve}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours, not the content's: say so, no traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        print(f"handbook: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("hint: run with HANDBOOK_DEBUG=1 for the traceback and report it",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
