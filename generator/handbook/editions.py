"""Resolve one edition (contract section 5): the base edition or one region's.

An edition is the handbook with `regions:` filters applied to entities and list items, the
region's overlays applied (each key replaces the base value whole), and the values that
`{{ region.x }}` / `{{ handbook.x }}` insert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model.handbook import Chapter, Handbook
from .model.spec import DISPLAY_FIELD
from .model.values import PDict, PList

BASE = "base"


@dataclass
class Edition:
    id: str
    name: str
    language: str  # zh-CN, zh-TW or en
    handbook: Handbook
    region: PDict | None
    entities: dict[str, dict[str, PDict]] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def kind(self, kind: str) -> dict[str, PDict]:
        return self.entities.get(kind, {})


def _visible(item: Any, region: str | None) -> bool:
    if not isinstance(item, dict) or "regions" not in item:
        return True
    return region is not None and region in item["regions"]


def _has_regions(value: Any) -> bool:
    """Whether any mapping inside carries `regions:` (cached on the value: most do not)."""
    if isinstance(value, PDict):
        cached = value.__dict__.get("_has_regions")
        if cached is None:
            cached = "regions" in value or any(_has_regions(v) for v in value.values())
            value.__dict__["_has_regions"] = cached
        return cached
    if isinstance(value, PList):
        return any(_has_regions(v) for v in value)
    return False


def filter_value(value: Any, region: str | None) -> Any:
    """The value with list items hidden from this edition removed; `{text, regions}` items
    become their text; `regions` keys are dropped."""
    if not _has_regions(value):
        return value
    if isinstance(value, PList):
        items, marks = [], []
        for i, item in enumerate(value):
            if not _visible(item, region):
                continue
            if isinstance(item, PDict) and set(item) <= {"text", "regions"} and "text" in item:
                items.append(item["text"])
            else:
                items.append(filter_value(item, region))
            marks.append(value.at(i))
        return PList(value.mark, items, marks)
    if isinstance(value, PDict):
        out = PDict(value.mark)
        for k, v in value.items():
            if k == "regions":
                continue
            out[k] = filter_value(v, region)
        out.key_marks = dict(value.key_marks)
        out.value_marks = dict(value.value_marks)
        return out
    return value


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def edition_ids(hb: Handbook) -> list[str]:
    return [BASE, *hb.region_ids]


def resolve(hb: Handbook, edition_id: str) -> Edition:
    region = None if edition_id == BASE else hb.region(edition_id)
    rid = None if region is None else edition_id
    language = str(hb.meta.get("language", "zh-CN"))
    if region is not None and region.get("language"):
        language = str(region["language"])
    base_name = str(hb.meta.get("base_edition_name", "全国版"))
    name = base_name if region is None else str(region.get("name", edition_id))
    ed = Edition(edition_id, name, language, hb, region)

    overlays: dict[tuple[str, str], PDict] = {}
    if rid is not None:
        for kind, ov in hb.overlays.get(rid, []):
            if "id" in ov:
                overlays[(kind, str(ov["id"]))] = ov
    for kind, table in hb.entities.items():
        out: dict[str, PDict] = {}
        for eid, entity in table.items():
            if not _visible(entity, rid):
                continue
            ov = overlays.get((kind, eid))
            if ov is not None:
                entity = entity.copy_with()
                for k, v in ov.items():
                    if k == "id":
                        continue
                    entity[k] = v
                    entity.value_marks[k] = ov.at(k)
                    entity.key_marks[k] = ov.key_at(k)
            out[eid] = filter_value(entity, rid)
        ed.entities[kind] = out
    ed.chapters = [c for c in hb.chapters if c.regions is None or (rid in c.regions)]

    values = {k: _plain(v) for k, v in hb.defaults.items()}
    if region is None:
        values.update({"id": BASE, "name": base_name})
    else:
        values.update({k: _plain(v) for k, v in region.items()})
    ed.values = {
        "region": values,
        "handbook": {k: _plain(v) for k, v in hb.meta.items()},
    }
    return ed


def display_name(kind: str, entity: PDict) -> str:
    return str(entity.get(DISPLAY_FIELD[kind], entity.get("id", "")))


def sort_key(entity: PDict, index: int) -> tuple[int, int]:
    order = entity.get("order")
    return (order if isinstance(order, int) else 1_000_000, index)


def ordered(table: dict[str, PDict]) -> list[PDict]:
    """Entities by their `order` key, then in load order."""
    items = list(table.values())
    return [e for _, e in sorted(((sort_key(e, i), e) for i, e in enumerate(items)),
                                 key=lambda p: p[0])]

