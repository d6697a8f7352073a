"""load → validate → resolve an edition → build the tree → writers, with atomic output.

Artifacts are written into a staging folder next to `--out`; only when every requested
artifact has been written are they moved into place (one rename each) and the manifest
updated. A failed build leaves the last good output untouched.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from . import tree as t
from .builder import build_document
from .diagnostics import Diagnostics, Mark, did_you_mean, one_of
from .editions import BASE, edition_ids
from .loader.directory import load_handbook
from .model.handbook import Handbook
from .templates import TemplateSet
from .validate import validate
from .writers.context import WriterContext


class BuildError(Exception):
    """A build step failed for a reason that is not the content's fault (engine, disk)."""


def check(root: Path) -> tuple[Handbook, Diagnostics]:
    diags = Diagnostics()
    hb = load_handbook(root, diags)
    # Cross-checks run even after load errors, on what did load: every error in one go.
    validate(hb, diags)
    _check_site_settings(root, diags)
    return hb, diags


def _check_site_settings(root: Path, diags: Diagnostics) -> None:
    """The handbook's own mkdocs.yml is content too: report its problems with the rest."""
    if not (root / "mkdocs.yml").is_file():
        return
    from .writers.site.config import SiteConfigError, handbook_settings

    with tempfile.TemporaryDirectory() as scratch:
        try:
            handbook_settings(root, Path(scratch))
        except SiteConfigError as exc:
            try:
                rel = exc.path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                rel = exc.path.name
            diags.error(Mark(rel, exc.line or 1, exc.col or 1), exc.message)


Writer = Callable[[t.Document, Path, WriterContext], None]


def writer_for(fmt: str) -> Writer:
    if fmt == "site":
        from .writers.site import write
    elif fmt == "pdf":
        from .writers.pdf import write
    elif fmt == "docx":
        from .writers.docx import write
    else:  # pragma: no cover - the CLI only passes known formats
        raise ValueError(fmt)
    return write


@dataclass
class Artifact:
    edition: str
    role: str | None
    format: str
    path: str
    sha256: str = ""
    seconds: float = 0.0


@dataclass
class BuildResult:
    artifacts: list[Artifact] = field(default_factory=list)
    seconds: float = 0.0


def _sha256_path(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.read_bytes())
        return h.hexdigest()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(f.relative_to(path).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def select_editions(hb: Handbook, wanted: list[str], diags: Diagnostics) -> list[str]:
    known = edition_ids(hb)
    if not wanted:
        return known
    out = []
    for e in wanted:
        if e not in known:
            diags.error(Mark("data/regions.yml"), f"unknown edition '{e}'",
                        did_you_mean(e, known) or one_of(known))
        elif e not in out:
            out.append(e)
    return out


def build(root: Path, out: Path, editions: list[str], formats: list[str],
          role: str | None = None, log: Callable[[str], None] | None = None,
          jobs_n: int | None = None) -> tuple[BuildResult | None, Diagnostics]:
    """Build the requested artifacts; (None, diagnostics) when the content has errors."""
    start = time.perf_counter()
    hb, diags = check(root)
    chosen = select_editions(hb, editions, diags)
    if role is not None and role not in hb.kind("role"):
        diags.error(Mark("data/roles"), f"unknown role '{role}'",
                    did_you_mean(role, hb.kind("role")) or one_of(hb.kind("role")))
    if diags:
        return None, diags
    if role is not None:
        chosen = [e for e in chosen if role in _roles_in(hb, e)]
    formats = [f for f in paths.FORMATS if f in (formats or paths.FORMATS)]
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    work = Path(tempfile.mkdtemp(prefix="handbook-work-"))
    result = BuildResult()
    try:
        ctx = WriterContext(handbook_dir=root.resolve(), templates=TemplateSet(root.resolve()),
                            out_root=staging, work_dir=work, formats=tuple(formats),
                            quiet=log is None)
        docs = [build_document(hb, eid, role) for eid in chosen]
        jobs: list[tuple[t.Document, str, Path, WriterContext]] = []
        # Longest first (PDF), so two workers finish together.
        for fmt in sorted(formats, key=lambda f: ("pdf", "site", "docx").index(f)):
            for doc in docs:
                rel = paths.artifact_path(doc.meta, fmt)
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                jobs.append((doc, fmt, staging / rel, ctx))
        for i, (seconds, digest) in enumerate(_run_jobs(jobs, jobs_n, log)):
            doc, fmt, dest, _ = jobs[i]
            result.artifacts.append(Artifact(
                doc.meta.edition.id, role, fmt, dest.relative_to(staging).as_posix(),
                digest, seconds))
        if "site" in formats and role is None:
            from .writers.site import write_landing

            all_docs = docs if len(docs) == len(edition_ids(hb)) else [
                build_document(hb, e) for e in edition_ids(hb)]
            write_landing(all_docs, staging, ctx.templates)
        _publish(staging, out, result, hb, docs[0] if docs else build_document(hb, BASE))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result, diags


def _write_one(job: tuple[t.Document, str, Path, WriterContext]) -> tuple[float, str]:
    doc, fmt, dest, ctx = job
    t0 = time.perf_counter()
    try:
        writer_for(fmt)(doc, dest, ctx)
    except Exception as exc:  # engine, disk or a bug: reported, never a traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        raise BuildError(f"writing the {fmt} of edition '{doc.meta.edition.id}' failed: "
                         f"{type(exc).__name__}: {exc}") from None
    return time.perf_counter() - t0, _sha256_path(dest)


def _run_jobs(jobs: list[tuple[t.Document, str, Path, WriterContext]], jobs_n: int | None,
              log: Callable[[str], None] | None) -> list[tuple[float, str]]:
    """Run writer jobs, in worker processes when there is more than one job and core."""
    n = max(1, min(jobs_n or os.cpu_count() or 1, len(jobs)))
    results: list[tuple[float, str] | None] = [None] * len(jobs)

    def done(i: int, res: tuple[float, str]) -> None:
        results[i] = res
        if log:
            doc, fmt, dest, ctx = jobs[i]
            k = sum(r is not None for r in results)
            rel = dest.relative_to(ctx.out_root).as_posix()
            log(f"[{k}/{len(jobs)}] {fmt:<4} {doc.meta.edition.id:<10} {rel}  ({res[0]:.1f} s)")

    if n == 1:
        for i, job in enumerate(jobs):
            done(i, _write_one(job))
    else:
        ctx_mp = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx_mp) as pool:
            futures = {pool.submit(_write_one, job): i for i, job in enumerate(jobs)}
            try:
                for fut in as_completed(futures):
                    done(futures[fut], fut.result())
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    return [r for r in results if r is not None]


def _roles_in(hb: Handbook, eid: str) -> set[str]:
    from .editions import resolve

    return set(resolve(hb, eid).kind("role"))


def _publish(staging: Path, out: Path, result: BuildResult, hb: Handbook,
             doc: t.Document) -> None:
    out.mkdir(parents=True, exist_ok=True)
    moves = [a.path for a in result.artifacts]
    if (staging / "index.html").exists():
        moves.append("index.html")
    for rel in moves:
        src, dst = staging / rel, out / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.exists() or dst.is_symlink():
            old = dst.with_name(dst.name + ".old")
            if old.exists():
                _remove(old)
            os.replace(dst, old)
            os.replace(src, dst)
            _remove(old)
        else:
            os.replace(src, dst)
    _write_manifest(out, result, doc)


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    else:
        p.unlink()


def _write_manifest(out: Path, result: BuildResult, doc: t.Document) -> None:
    path = out / "manifest.json"
    entries: dict[tuple[str, str, str], dict[str, object]] = {}
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            if old.get("handbook", {}).get("version") == doc.meta.current.version:
                for a in old.get("artifacts", []):
                    if (out / a["path"]).exists():
                        entries[(a["edition"], a["role"] or "", a["format"])] = a
        except (ValueError, KeyError, TypeError, AttributeError):
            entries = {}
    for a in result.artifacts:
        entries[(a.edition, a.role or "", a.format)] = {
            "edition": a.edition, "role": a.role, "format": a.format, "path": a.path,
            "sha256": a.sha256}
    order = {e.id: i for i, e in enumerate(doc.meta.editions)}
    fmt_order = {f: i for i, f in enumerate(paths.FORMATS)}
    artifacts = sorted(entries.values(), key=lambda a: (
        a["role"] or "", order.get(str(a["edition"]), 99), fmt_order.get(str(a["format"]), 9)))
    manifest = {
        "handbook": {"title": doc.meta.title, "doc_number": doc.meta.doc_number,
                     "version": doc.meta.current.version},
        "artifacts": artifacts,
    }
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def stderr_log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
