"""Semantic changes between two handbooks (contract section 6, `handbook diff`).

A handbook is first reduced to a *snapshot*: an ordered mapping from (kind, id) to the plain
data of that item (`unpositioned`), for every kind the contract names plus a few of its own:

| kind | id | value |
|---|---|---|
| handbook | null | handbook.yml |
| defaults | null | `defaults:` of data/regions.yml (values `{{ region.x }}` starts from) |
| region | region id | one item of `regions:` |
| department, role, process, rule, kpi, term | entity id | the entity |
| chapter | chapter id | front matter plus `body` (the Markdown after the front matter) |
| overlay | `<region>/<kind>/<id>` | the partial entity (the last file wins, as in an edition) |
| revision | version | one item of data/revisions.yml |

Two snapshots are compared item by item: an id only in the new one is `added` (field null,
old null, new = the item), only in the old one `removed` (new null), in both but different
`modified`, with one change per differing field. `handbook` and `defaults` always exist
(empty when their file is missing), so they are only ever `modified`.

Field changes, and what a field path means:
- mappings are compared key by key: a key only in NEW is reported with `old: null`, a key
  only in OLD with `new: null` (the model has no null values: an empty optional key is the
  same as an absent one, so null always means "not there");
- lists of mappings that all carry a unique `id` (process steps) or `kpi` (a role's KPIs)
  are matched by that key; lists of ids (`next`, `rules`, `career_next`, `regions`,
  `applies_to.roles`, ...) and other lists of one-line scalars are compared whole; every
  other list (articles, tasks, duties, penalties, changes, ...) is aligned item by item
  with difflib.SequenceMatcher, and within a replaced stretch items are paired by text
  similarity (the pairing with the highest total similarity; items too dissimilar to pair
  are reported as removed and added). Matching is always order-preserving: an item that
  moved among keyed items is reported as removed at its old place and added at the new.
- list indices: an item that is there in NEW (added, modified, or a changed field inside
  it) is addressed by its index in the NEW list (`steps[2].next`); a removed item (`new:
  null`) by its index in the OLD list. So the changes of one list can be replayed on the old
  list: drop the removed indices, then walk the new indices, taking an added item where one
  is reported and otherwise the next surviving old item with its own changes applied
  (`tests/test_diff.py` does exactly this in a property test).
- a path is keys joined by `.` with `[i]` for list indices (`duties[2].tasks[0]`,
  `kpis[0].weight`); a key that is not a plain identifier is written `["key"]`.

Changes are ordered by kind (the order of KINDS), then id (revisions by version number),
then in the order the fields are met: a mapping's keys in the order of the field
specification (unknown keys after, alphabetically), a list's items in list order.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import spec as s
from ..model.handbook import Handbook
from ..model.values import unpositioned

KINDS = ("handbook", "defaults", "region", "department", "role", "process", "rule", "kpi",
         "term", "chapter", "overlay", "revision")
ENTITY_KINDS = ("department", "role", "process", "rule", "kpi", "term")
SINGLETONS = ("handbook", "defaults")
NATURAL_KEYS = ("id", "kpi")
PAIR_THRESHOLD = 0.4  # items of a replaced stretch less similar than this are not paired

CHAPTER = s.Obj("chapter", {**s.CHAPTER_FRONT_MATTER.fields, "body": s.F(s.Text())},
                filterable=False)
KIND_SPEC: dict[str, s.Type] = {
    "handbook": s.HANDBOOK,
    "defaults": s.REGIONS_FILE.fields["defaults"].type,
    "region": s.REGION,
    **{kind: t for kind, (t, _) in s.ENTITY_KINDS.items()},
    "term": s.TERM,
    "chapter": CHAPTER,
    "revision": s.REVISION,
}
_SCALAR_TYPES = (s.Str, s.Id, s.Ref, s.Enum, s.Scalar, s.Int, s.Date, s.Version)
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ID_LIKE = re.compile(r"^[A-Za-z0-9_.:/-]{1,40}$")

Key = tuple[str, str | None]
Snapshot = dict[Key, Any]
PathTok = str | int


@dataclass(frozen=True)
class Change:
    kind: str
    id: str | None
    change: str  # added | removed | modified
    field: str | None
    old: Any
    new: Any
    path: tuple[PathTok, ...] = ()  # `field` as tokens (keys and indices)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "change": self.change,
                "field": self.field, "old": self.old, "new": self.new}


# --------------------------------------------------------------------------- snapshots

def snapshot(hb: Handbook) -> Snapshot:
    """Every comparable item of a loaded handbook as plain data, keyed by (kind, id)."""
    snap: Snapshot = {("handbook", None): unpositioned(hb.meta),
                      ("defaults", None): unpositioned(hb.defaults)}
    for region in hb.regions:
        if "id" in region:
            snap.setdefault(("region", str(region["id"])), unpositioned(region))
    for kind in ENTITY_KINDS:
        for eid, entity in hb.kind(kind).items():
            snap[(kind, str(eid))] = unpositioned(entity)
    for ch in hb.chapters:
        value = unpositioned(ch.front)
        value["body"] = str(ch.body)
        snap.setdefault(("chapter", ch.id), value)
    for rid, items in hb.overlays.items():
        for kind, ov in items:
            if "id" in ov:  # the last overlay of an id wins, as when an edition is resolved
                snap[("overlay", f"{rid}/{kind}/{ov['id']}")] = unpositioned(ov)
    for rev in hb.revisions:
        if "version" in rev:
            snap.setdefault(("revision", str(rev["version"])), unpositioned(rev))
    return snap


def spec_for(kind: str, eid: str | None) -> s.Type | None:
    if kind == "overlay" and eid:
        parts = eid.split("/")
        return KIND_SPEC.get(parts[1]) if len(parts) == 3 else None
    return KIND_SPEC.get(kind)


def _version_key(v: str) -> tuple[int, ...] | tuple[()]:
    try:
        return tuple(int(p) for p in v.split("."))
    except ValueError:
        return ()


def _id_key(kind: str, eid: str | None) -> tuple[Any, ...]:
    if eid is None:
        return ((), "")
    if kind == "revision":
        return (_version_key(eid), eid)
    if kind == "overlay":
        parts = eid.split("/")
        if len(parts) == 3:
            order = KINDS.index(parts[1]) if parts[1] in KINDS else len(KINDS)
            return ((), parts[0], order, parts[2])
    return ((), eid)


def _kind_order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def sorted_keys(keys: Any) -> list[Key]:
    return sorted(keys, key=lambda k: (_kind_order(k[0]), k[0], _id_key(k[0], k[1])))


# --------------------------------------------------------------------------- comparison

def diff_snapshots(old: Snapshot, new: Snapshot) -> list[Change]:
    changes: list[Change] = []
    for key in sorted_keys(set(old) | set(new)):
        kind, eid = key
        if key not in old:
            changes.append(Change(kind, eid, "added", None, None, new[key]))
        elif key not in new:
            changes.append(Change(kind, eid, "removed", None, old[key], None))
        elif old[key] != new[key]:
            for path, o, n in diff_value(old[key], new[key], spec_for(kind, eid)):
                changes.append(Change(kind, eid, "modified", format_path(path), o, n, path))
    return changes


def diff_handbooks(old: Handbook, new: Handbook) -> list[Change]:
    return diff_snapshots(snapshot(old), snapshot(new))


FieldChange = tuple[tuple[PathTok, ...], Any, Any]


def diff_value(old: Any, new: Any, t: s.Type | None = None,
               path: tuple[PathTok, ...] = ()) -> Iterator[FieldChange]:
    """(path, old, new) for every difference; old/new None = not there."""
    if old == new and type(old) is type(new):
        return
    if isinstance(t, s.OneOf):
        t = t.obj if isinstance(new, dict) or isinstance(old, dict) else t.text
    if isinstance(old, dict) and isinstance(new, dict):
        yield from _diff_dict(old, new, t, path)
    elif isinstance(old, list) and isinstance(new, list) and not _atomic_list(old, new, t):
        yield from _diff_list(old, new, t.item if isinstance(t, s.List) else None, path)
    else:
        yield path, old, new


def _field_type(t: s.Type | None, key: str) -> s.Type | None:
    if not isinstance(t, s.Obj):
        return None
    if key in t.fields:
        return t.fields[key].type
    if key == "regions":
        return s.REGIONS_FIELD.type
    return t.extra


def _key_order(t: s.Type | None, keys: set[str]) -> list[str]:
    known = list(t.fields) if isinstance(t, s.Obj) else []
    rank = {k: i for i, k in enumerate(known)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), k))


def _diff_dict(old: dict[str, Any], new: dict[str, Any], t: s.Type | None,
               path: tuple[PathTok, ...]) -> Iterator[FieldChange]:
    for key in _key_order(t, set(old) | set(new)):
        sub = (*path, key)
        if key not in new:
            yield sub, old[key], None
        elif key not in old:
            yield sub, None, new[key]
        else:
            yield from diff_value(old[key], new[key], _field_type(t, key), sub)


def _atomic_list(old: list[Any], new: list[Any], t: s.Type | None) -> bool:
    """Lists of ids and other one-line scalars are compared as one value."""
    if isinstance(t, s.List):
        return isinstance(t.item, _SCALAR_TYPES)
    if t is not None:
        return False
    items = [*old, *new]
    return bool(items) and all(
        isinstance(v, (int, float, bool)) or (isinstance(v, str) and _ID_LIKE.match(v))
        for v in items)


def _natural_key(old: list[Any], new: list[Any]) -> str | None:
    if not old or not new:
        return None
    for key in NATURAL_KEYS:
        ok = True
        for items in (old, new):
            seen = set()
            for item in items:
                if not isinstance(item, dict) or not isinstance(item.get(key), str) \
                        or item[key] in seen:
                    ok = False
                    break
                seen.add(item[key])
            if not ok:
                break
        if ok:
            return key
    return None


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _lcs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """The longest common subsequence of two lists of unique keys, as index pairs."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (table[i + 1][j + 1] + 1 if a[i] == b[j]
                           else max(table[i + 1][j], table[i][j + 1]))
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair_block(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Order-preserving pairs of a replaced stretch, by the highest total similarity."""
    n, m = len(old), len(new)
    gain = [[_similarity(old[i], new[j]) - PAIR_THRESHOLD for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + gain[i][j])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if gain[i][j] > 0 and best[i][j] == best[i + 1][j + 1] + gain[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    if not pairs and n == m:  # a stretch rewritten in place: report it as modified
        pairs = [(k, k) for k in range(n)]
    return pairs


def _align(old: list[Any], new: list[Any]) -> list[tuple[int, int]]:
    """Order-preserving (old index, new index) pairs of the items that correspond."""
    key = _natural_key(old, new)
    if key is not None:
        return _lcs([i[key] for i in old], [i[key] for i in new])
    a, b = [canonical(v) for v in old], [canonical(v) for v in new]
    pairs: list[tuple[int, int]] = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            pairs.extend((i1 + k, j1 + k) for k in range(i2 - i1))
        elif op == "replace":
            pairs.extend((i1 + i, j1 + j) for i, j in _pair_block(a[i1:i2], b[j1:j2]))
    return pairs


def _diff_list(old: list[Any], new: list[Any], item_t: s.Type | None,
               path: tuple[PathTok, ...]) -> Iterator[FieldChange]:
    oi = nj = 0
    for i, j in [*_align(old, new), (len(old), len(new))]:
        for k in range(oi, i):
            yield (*path, k), old[k], None
        for k in range(nj, j):
            yield (*path, k), None, new[k]
        if i < len(old) and j < len(new):
            yield from diff_value(old[i], new[j], item_t, (*path, j))
        oi, nj = i + 1, j + 1


def format_path(path: tuple[PathTok, ...]) -> str | None:
    if not path:
        return None
    out = ""
    for tok in path:
        if isinstance(tok, int):
            out += f"[{tok}]"
        elif _PLAIN_KEY.match(tok):
            out += f".{tok}" if out else tok
        else:
            out += "[" + json.dumps(tok, ensure_ascii=False) + "]"
    return out


_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def parse_path(field: str) -> tuple[PathTok, ...]:
    """The tokens of a field path written by `format_path`."""
    tokens: list[PathTok] = []
    pos = 0
    while pos < len(field):
        m = _TOKEN.match(field, pos)
        if not m or m.end() == pos:
            raise ValueError(f"bad field path {field!r}")
        if m.group(1) is not None:
            tokens.append(m.group(1))
        elif m.group(2) is not None:
            tokens.append(int(m.group(2)))
        else:
            tokens.append(json.loads(m.group(3)))
        pos = m.end()
    return tuple(tokens)
