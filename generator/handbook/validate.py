"""Cross-checks (contract section 4) that need the whole handbook: references, cycles, KPI
weights, process steps, revisions, regions and overlays. Type checks happen at load time.

Edition-dependent checks run on every edition, because a reference or a weight sum can be
right in the base edition and wrong in a region's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from . import text as textsyntax
from .diagnostics import Diagnostics, Mark, did_you_mean, one_of
from .editions import BASE, Edition, edition_ids, resolve
from .model import spec as s
from .model.handbook import Handbook
from .model.values import PDict, PList


def iter_typed(value: Any, t: s.Type, mark: Mark) -> Iterator[tuple[s.Type, Any, Mark]]:
    """Every leaf value with its spec type and position."""
    if isinstance(t, s.OneOf):
        t = t.obj if isinstance(value, dict) else t.text
    if isinstance(t, s.Obj) and isinstance(value, PDict):
        fields = dict(t.fields)
        if t.filterable:
            fields.setdefault("regions", s.REGIONS_FIELD)
        for k, v in value.items():
            f = fields.get(k)
            ft = f.type if f else t.extra
            if ft is not None:
                yield from iter_typed(v, ft, value.at(k))
    elif isinstance(t, s.List) and isinstance(value, PList):
        for i, v in enumerate(value):
            yield from iter_typed(v, t.item, value.at(i))
    else:
        yield t, value, mark


def _spec(kind: str) -> s.Obj:
    return s.TERM if kind == "term" else s.ENTITY_KINDS[kind][0]


def validate(hb: Handbook, diags: Diagnostics, editions: list[str] | None = None) -> None:
    _check_global(hb, diags)
    per_edition = _PerEdition()
    for eid in editions or edition_ids(hb):
        ed = resolve(hb, eid)
        _check_edition(ed, diags, per_edition.reporter(ed))
    per_edition.flush(diags)


# Stand for "which editions" until every edition is checked: EVERY reads "every edition"
# when all are affected, ANY (in negative messages) reads "any edition".
EVERY = "\x00every\x00"
ANY = "\x00any\x00"


class _PerEdition:
    """Edition-dependent problems, merged so that one mistake is one line: "… in every
    edition" or "… in the 华东大区、华南大区 editions", not one line per edition."""

    def __init__(self) -> None:
        self.seen: dict[tuple[Mark, str, str | None], list[str]] = {}
        self.names: list[str] = []

    def reporter(self, ed: Edition) -> Report:
        name = ed.name if ed.id != BASE else f"base ({ed.name})"
        self.names.append(name)

        def report(mark: Mark, message: str, hint: str | None = None) -> None:
            self.seen.setdefault((mark, message, hint), []).append(name)

        return report

    def flush(self, diags: Diagnostics) -> None:
        def editions(names: list[str]) -> str:
            if len(names) == 1:
                return f"the {names[0]} edition"
            return f"the {', '.join(names[:-1])} and {names[-1]} editions"

        for (mark, message, hint), names in self.seen.items():
            missing = [n for n in self.names if n not in names]
            if not missing and len(names) > 1:
                every, any_ = "every edition", "any edition"
            elif len(names) > 3 and len(missing) <= 2:
                every = any_ = f"every edition but {editions(missing)}"
            else:
                every = any_ = editions(names)
            diags.error(mark, message.replace(EVERY, every).replace(ANY, any_), hint)


Report = Callable[[Mark, str, "str | None"], None]


# --------------------------------------------------------------------------- global


def _check_global(hb: Handbook, diags: Diagnostics) -> None:
    regions = set(hb.region_ids)

    def check_regions(value: Any, t: s.Type, mark: Mark) -> None:
        _check_empty_regions(value, diags)
        for ty, v, m in iter_typed(value, t, mark):
            if isinstance(ty, s.Ref) and ty.kind == "region" and v not in regions:
                diags.error(m, f"unknown region '{v}'",
                            did_you_mean(str(v), regions) or one_of(regions))

    for kind, table in hb.entities.items():
        for entity in table.values():
            check_regions(entity, _spec(kind), entity.mark)
    for chapter in hb.chapters:
        check_regions(chapter.front, s.CHAPTER_FRONT_MATTER, chapter.front.mark)
    for rid, items in hb.overlays.items():
        if rid not in regions:
            diags.error(hb.overlay_dirs.get(rid, Mark("data/overlays")),
                        f"overlay folder names unknown region '{rid}'",
                        did_you_mean(rid, regions) or one_of(regions))
        for kind, ov in items:
            check_regions(ov, _spec(kind), ov.mark)
            oid = ov.get("id")
            if oid is not None and oid not in hb.kind(kind):
                diags.error(ov.at("id"), f"overlay for unknown {kind} '{oid}'",
                            _unloaded_hint(hb, kind, str(oid)) or
                            did_you_mean(str(oid), hb.kind(kind)) or
                            f"an overlay replaces keys of an existing {kind}")
    _check_revisions(hb, diags)
    _check_doc_number(hb, diags)
    _check_chapter_ids(hb, diags)
    for kind, table in hb.entities.items():
        for entity in table.values():
            for ty, v, _m in iter_typed(entity, _spec(kind), entity.mark):
                if isinstance(ty, s.Text):
                    _report_text_errors(v, diags)
    for chapter in hb.chapters:
        _report_text_errors(chapter.body, diags)
    for rev in hb.revisions:
        for ty, v, _ in iter_typed(rev, s.REVISION, rev.mark):
            if isinstance(ty, s.Text):
                _report_text_errors(v, diags)


def _unloaded_hint(hb: Handbook, kind: str, eid: str) -> str | None:
    """For an unknown id whose own file (data/roles/<id>.yml) exists but did not load: say
    so, instead of listing the ids that did load."""
    if kind not in s.ENTITY_KINDS or not re.match(s.ID_PATTERN, eid):
        return None
    for suffix in (".yml", ".yaml"):
        rel = f"data/{s.ENTITY_KINDS[kind][1]}/{eid}{suffix}"
        if (hb.root / rel).is_file() and not any(
                e.mark.path == rel for e in hb.kind(kind).values()):
            return f"{rel} did not load because of the errors reported for it"
    return None


_UNSAFE_IN_FILE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")


def _check_doc_number(hb: Handbook, diags: Diagnostics) -> None:
    """The document number names the downloads (paths.file_stem): a '/' in it would write
    outside the output folder."""
    doc = hb.meta.get("doc_number")
    if doc is not None and _UNSAFE_IN_FILE_NAME.search(doc):
        diags.error(hb.meta.at("doc_number"), f"doc_number '{doc}' cannot be part of a file name",
                    "leave out '/' and '\\', e.g. HX-YX-001")


def _check_chapter_ids(hb: Handbook, diags: Diagnostics) -> None:
    """Chapter ids are anchors and page names: two chapters with one id cannot be built."""
    seen: dict[str, str] = {}
    for chapter in hb.chapters:
        if chapter.id in seen:
            where = chapter.front.key_at("id") if "id" in chapter.front else Mark(chapter.path)
            diags.error(where, f"duplicate chapter id '{chapter.id}'",
                        f"{seen[chapter.id]} has it too; set a different 'id' in the front "
                        "matter")
        else:
            seen[chapter.id] = chapter.path


def _check_empty_regions(value: Any, diags: Diagnostics) -> None:
    if isinstance(value, PDict):
        if "regions" in value and not value["regions"]:
            diags.error(value.at("regions"), "'regions' is empty, which hides this from every "
                        "edition", "list region ids, or remove 'regions' to show it everywhere")
        for v in value.values():
            _check_empty_regions(v, diags)
    elif isinstance(value, PList):
        for v in value:
            _check_empty_regions(v, diags)


def _report_text_errors(value: Any, diags: Diagnostics) -> None:
    if not isinstance(value, str):
        return
    for found in textsyntax.scan(value):
        if found.what == "error":
            diags.error(found.mark, found.message, found.hint)
        elif found.what == "ref" and found.kind not in s.REF_KINDS:
            diags.error(found.mark, f"unknown reference kind '{found.kind}'",
                        did_you_mean(found.kind, s.REF_KINDS) or one_of(s.REF_KINDS))


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _check_revisions(hb: Handbook, diags: Diagnostics) -> None:
    if not hb.revisions:
        diags.error(Mark("data/revisions.yml"), "the revision log is empty",
                    "add data/revisions.yml with at least one {version, date, summary}")
        return
    seen: dict[tuple[int, ...], Mark] = {}
    prev: PDict | None = None
    for rev in hb.revisions:
        if "version" not in rev or "date" not in rev:
            continue
        key = version_key(str(rev["version"]))
        if key in seen:
            diags.error(rev.at("version"), f"duplicate revision version '{rev['version']}'",
                        f"first used at {seen[key]}")
            continue
        seen[key] = rev.at("version")
        if prev is not None:
            if key <= version_key(str(prev["version"])):
                diags.error(rev.at("version"),
                            f"revision '{rev['version']}' does not come after "
                            f"'{prev['version']}'", "list revisions in increasing version order")
            elif str(rev["date"]) < str(prev["date"]):
                diags.error(rev.at("date"),
                            f"revision '{rev['version']}' is dated {rev['date']}, before "
                            f"revision '{prev['version']}' ({prev['date']})",
                            "later versions cannot have earlier dates")
        if "effective" in rev and str(rev["effective"]) < str(rev["date"]):
            diags.error(rev.at("effective"),
                        f"effective date {rev['effective']} is before the publication date "
                        f"{rev['date']}")
        prev = rev


# --------------------------------------------------------------------------- per edition


def _check_edition(ed: Edition, diags: Diagnostics, report: Report) -> None:
    hb = ed.handbook
    where = ANY

    def check_ref(kind: str, eid: str, mark: Mark) -> None:
        if kind not in s.REF_KINDS:
            return
        if eid in ed.kind(kind):
            return
        if eid in hb.kind(kind):
            limited = hb.kind(kind)[eid].get("regions")
            hint = ("it is limited to regions: " + ", ".join(limited)) if limited else None
            report(mark, f"{kind} '{eid}' is not in {where}", hint)
        else:
            diags.error(mark, f"unknown {kind} '{eid}'",
                        _unloaded_hint(hb, kind, eid) or did_you_mean(eid, hb.kind(kind))
                        or one_of(hb.kind(kind)))

    def check_text(value: Any) -> None:
        if not isinstance(value, str):
            return
        for found in textsyntax.scan(value):
            if found.what == "ref":
                check_ref(found.kind, found.id, found.mark)
            elif found.what == "value":
                ns = ed.values.get(found.kind, {})
                if found.id not in ns:
                    target = ("data/regions.yml (defaults or the region)"
                              if found.kind == "region" else "handbook.yml")
                    have = [str(r.get("id")) for r in hb.regions if found.id in r]
                    hint = did_you_mean(found.id, ns) or f"set '{found.id}' in {target}"
                    if found.kind == "region" and have:  # not a typo: only some regions set it
                        hint = (f"only {', '.join(have)} set{'s' if len(have) == 1 else ''} "
                                f"it; add it to 'defaults' in data/regions.yml"
                                + (" or to this region" if ed.id != BASE else ""))
                    report(found.mark,
                           f"'{{{{ {found.kind}.{found.id} }}}}' has no value in {where}", hint)

    for kind, table in ed.entities.items():
        for entity in table.values():
            for ty, v, m in iter_typed(entity, _spec(kind), entity.mark):
                if isinstance(ty, s.Ref) and ty.kind in s.REF_KINDS:
                    check_ref(ty.kind, str(v), m)
                elif isinstance(ty, s.Text):
                    check_text(v)
    for chapter in ed.chapters:
        check_text(chapter.body)
    for rev in hb.revisions:
        for ty, v, _ in iter_typed(rev, s.REVISION, rev.mark):
            if isinstance(ty, s.Text):
                check_text(v)

    _check_cycles(ed, "role", "reports_to", "reporting line", diags)
    _check_cycles(ed, "department", "parent", "department hierarchy", diags)
    _check_weights(ed, diags, report)
    _check_steps(ed, diags, report)


def _check_cycles(ed: Edition, kind: str, key: str, what: str, diags: Diagnostics) -> None:
    table = ed.kind(kind)
    reported: set[frozenset[str]] = set()
    for start in table:
        path: list[str] = []
        cur: str | None = start
        while cur is not None and cur in table and cur not in path:
            path.append(cur)
            nxt = table[cur].get(key)
            cur = str(nxt) if nxt is not None else None
        if cur is not None and cur in path:
            cycle = path[path.index(cur):]
            ident = frozenset(cycle)
            if ident in reported or cycle[0] != start:
                continue
            reported.add(ident)
            chain = " → ".join([*cycle, cycle[0]])
            diags.error(table[start].at(key), f"cycle in the {what}: {chain}",
                        f"one of these must not point back; check '{key}'")


def _check_weights(ed: Edition, diags: Diagnostics, report: Report) -> None:
    for rid, role in ed.kind("role").items():
        kpis = role.get("kpis")
        if not kpis:
            continue
        total = sum(k.get("weight", 0) for k in kpis if isinstance(k, dict))
        seen: set[str] = set()
        for i, k in enumerate(kpis):
            kid = k.get("kpi") if isinstance(k, dict) else None
            if kid in seen:
                diags.error(kpis.at(i), f"KPI '{kid}' is listed twice for role '{rid}'")
            seen.add(kid)
        if total != 100 and all(isinstance(k, dict) and "weight" in k for k in kpis):
            # (a weight that was rejected at load time is reported there, not summed here)
            report(role.at("kpis"),
                   f"KPI weights of role '{rid}' sum to {total}, not 100, in {EVERY}",
                   "weights are whole percentages that add up to 100")


def _check_steps(ed: Edition, diags: Diagnostics, report: Report) -> None:
    for pid, proc in ed.kind("process").items():
        steps = proc.get("steps") or []
        if not steps:
            report(proc.at("steps"), f"process '{pid}' has no steps in {ANY}")
            continue
        ids: dict[str, Mark] = {}
        for step in steps:
            sid = step.get("id")
            if sid is None:
                continue
            if sid in ids:
                diags.error(step.at("id"), f"duplicate step id '{sid}' in process '{pid}'",
                            f"first used at {ids[sid]}")
            else:
                ids[str(sid)] = step.at("id")
        all_ids = {str(st.get("id")) for st in ed.handbook.kind("process").get(pid, {}).get(
            "steps", []) if isinstance(st, dict) and st.get("id")}
        for step in steps:
            nxt = step.get("next")
            if not nxt:
                continue
            for i, target in enumerate(nxt):
                if target in ids:
                    continue
                if target in all_ids:
                    report(nxt.at(i), f"step '{target}' of process '{pid}' is not in {ANY}")
                else:
                    diags.error(nxt.at(i), f"unknown step '{target}' in process '{pid}'",
                                did_you_mean(str(target), ids) or one_of(ids))
