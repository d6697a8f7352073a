"""Find and load every file of a handbook directory (contract section 1) into a `Handbook`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..diagnostics import Diagnostics, Mark, did_you_mean
from ..model import spec as s
from ..model.convert import Converter
from ..model.handbook import Chapter, Handbook
from ..model.values import PDict, PList, PStr
from ..text import SOURCES
from ..text import clear_cache as scan_cache_clear
from .yaml import YMap, YNode, YSeq, decode, load_text

MAX_FILE_BYTES = 5 * 1024 * 1024
YAML_SUFFIXES = (".yml", ".yaml")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


class _Loader:
    def __init__(self, root: Path, diags: Diagnostics) -> None:
        self.root = root
        self.diags = diags
        self.conv = Converter(diags)

    def read_text(self, path: Path) -> str | None:
        """The file's text, or None after an error: content never reads outside the handbook
        (a symlinked file or folder counts) and files are bounded in size."""
        rel = _rel(self.root, path)
        try:
            if not path.resolve().is_relative_to(self.root.resolve()):
                self.diags.error(Mark(rel), "symbolic link points outside the handbook")
                return None
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.diags.error(Mark(rel), f"file is too large ({size} bytes)",
                                 f"split it; the limit is {MAX_FILE_BYTES} bytes")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.diags.error(Mark(rel), f"cannot read file: {exc.strerror or exc}")
            return None
        return decode(rel, data, self.diags)

    def read(self, path: Path) -> YNode | None:
        rel = _rel(self.root, path)
        text = self.read_text(path)
        if text is None:
            return None
        SOURCES[rel] = text.splitlines()
        return load_text(rel, text, self.diags)

    def entities(self, nodes: list[tuple[YNode, bool]], t: s.Obj, kind: str) -> list[PDict]:
        """Entities from files: (node, may_be_single) pairs; each file a mapping or a list."""
        out: list[PDict] = []
        for node, single_ok in nodes:
            if isinstance(node, YMap) and single_ok:
                items = [node]
            elif isinstance(node, YSeq):
                items = node.items
            else:
                expected = "a mapping (one entity) or a list" if single_ok else "a list"
                self.diags.error(node.mark, f"a {kind} file must hold {expected} of {kind}s")
                continue
            for item in items:
                value = self.conv.convert(item, t, kind)
                if value is not None:
                    out.append(value)
        return out


def _overlay_spec(t: s.Obj) -> s.Obj:
    fields = {k: dataclasses.replace(f, required=(k == "id")) for k, f in t.fields.items()}
    return dataclasses.replace(t, name=f"{t.name} overlay", fields=fields)


def load_handbook(root: Path, diags: Diagnostics) -> Handbook:
    """Everything in the directory, type-checked; cross-references are checked later."""
    ld = _Loader(root, diags)
    scan_cache_clear()  # positions inside block scalars depend on the files as they are now
    hb = Handbook(root=root)

    meta_path = root / "handbook.yml"
    if not meta_path.is_file():
        diags.error(Mark("handbook.yml"), "handbook.yml not found",
                    "a handbook directory needs handbook.yml with title, organization and "
                    "doc_number")
    else:
        node = ld.read(meta_path)
        if node is not None:
            hb.meta = ld.conv.convert(node, s.HANDBOOK, "handbook.yml") or hb.meta
        elif not diags:
            diags.error(Mark("handbook.yml"), "handbook.yml is empty")

    data = root / "data"
    known = set()
    for kind, (t, folder) in [*s.ENTITY_KINDS.items(), ("term", (s.TERM, "glossary"))]:
        nodes: list[tuple[YNode, bool]] = []
        known.add(folder)
        for p in _yaml_files(data / folder):
            n = ld.read(p)
            if n is not None:
                nodes.append((n, True))
        for suffix in YAML_SUFFIXES:
            p = data / (folder + suffix)
            if p.is_file():
                known.add(p.name)
                n = ld.read(p)
                if n is not None:
                    nodes.append((n, False))
        hb.add_entities(kind, ld.entities(nodes, t, kind), diags)

    for name, attr in (("regions", "regions"), ("revisions", "revisions")):
        for suffix in YAML_SUFFIXES:
            p = data / (name + suffix)
            if not p.is_file():
                continue
            known.add(p.name)
            node = ld.read(p)
            if node is None:
                continue
            if attr == "regions":
                _load_regions(hb, ld, node)
            else:
                revs = ld.conv.convert(node, s.List(s.REVISION), "the revision log")
                if revs is not None:
                    hb.revisions.extend(revs)

    known.add("overlays")
    if data.is_dir():
        for p in sorted(data.iterdir()):
            if p.name not in known and not p.name.startswith("."):
                hint = did_you_mean(p.name, [f for _, f in s.ENTITY_KINDS.values()] +
                                    ["glossary.yml", "regions.yml", "revisions.yml",
                                     "overlays"] + [f + ".yml" for f in s.KIND_BY_FOLDER])
                diags.error(Mark(_rel(root, p)), f"unknown data file or folder '{p.name}'",
                            hint or "see the content model for the data layout")
    _load_overlays(hb, ld, data / "overlays")
    _load_chapters(hb, ld, root / "content")
    return hb


def _load_regions(hb: Handbook, ld: _Loader, node: YNode) -> None:
    value = ld.conv.convert(node, s.REGIONS_FILE, "data/regions.yml")
    if value is None:
        return
    if "defaults" in value:
        hb.defaults = value["defaults"]
    seen: dict[str, Mark] = {}
    for region in value.get("regions", []):
        rid = region.get("id")
        if rid is None:
            continue
        if rid in seen:
            ld.diags.error(region.at("id"), f"duplicate region id '{rid}'",
                           f"first defined at {seen[rid]}")
            continue
        if rid == "base":
            ld.diags.error(region.at("id"), "region id 'base' is reserved for the base edition")
            continue
        seen[rid] = region.at("id")
        hb.regions.append(region)


def _load_overlays(hb: Handbook, ld: _Loader, folder: Path) -> None:
    if not folder.is_dir():
        return
    for region_dir in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        rel = _rel(hb.root, region_dir)
        if not region_dir.is_dir():
            ld.diags.error(Mark(rel), "overlays/ holds one folder per region id")
            continue
        for kind_dir in sorted(p for p in region_dir.iterdir() if not p.name.startswith(".")):
            kind = s.KIND_BY_FOLDER.get(kind_dir.name)
            if kind is None or not kind_dir.is_dir():
                hint = did_you_mean(kind_dir.name, s.KIND_BY_FOLDER) or (
                    "expected one of: " + ", ".join(s.KIND_BY_FOLDER))
                ld.diags.error(Mark(_rel(hb.root, kind_dir)),
                               f"unknown overlay folder '{kind_dir.name}'", hint)
                continue
            t = _overlay_spec(s.ENTITY_KINDS[kind][0] if kind != "term" else s.TERM)
            nodes = [(n, True) for p in _yaml_files(kind_dir) if (n := ld.read(p)) is not None]
            for ov in ld.entities(nodes, t, f"{kind} overlay"):
                hb.overlays.setdefault(region_dir.name, []).append((kind, ov))
            hb.overlay_dirs[region_dir.name] = Mark(rel)


def _load_chapters(hb: Handbook, ld: _Loader, folder: Path) -> None:
    if not folder.is_dir():
        return
    for p in sorted(folder.glob("*.md")):
        rel = _rel(hb.root, p)
        text = ld.read_text(p)
        if text is None:
            continue
        m = _FRONT.match(text)
        if not m:
            ld.diags.error(Mark(rel), "chapter has no front matter",
                           "start the file with ---, a line 'title: …', and ---")
            continue
        fm_node = load_text(rel, "\n" + m.group(1), ld.diags)  # line numbers match the file
        fm = ld.conv.convert(fm_node, s.CHAPTER_FRONT_MATTER, "front matter") if isinstance(
            fm_node, YMap) else None
        if fm_node is not None and not isinstance(fm_node, YMap):
            ld.diags.error(fm_node.mark, "front matter must be a mapping with a title")
        if fm is None or "title" not in fm:
            if fm_node is None:
                ld.diags.error(Mark(rel, 2, 1), "front matter is empty",
                               "add a line 'title: …'")
            continue
        body_line = text[: m.end()].count("\n") + 1
        body = PStr(text[m.end():], Mark(rel, body_line, 1), "md", "")
        cid = fm.get("id") or _slug(p.stem)
        regions = fm.get("regions")
        hb.chapters.append(Chapter(
            id=str(cid), title=fm["title"], order=fm.get("order"), body=body,
            regions=[str(r) for r in regions] if isinstance(regions, PList) else None,
            front=fm, path=rel))


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "chapter"

