"""The loaded handbook: positioned values grouped by kind, before any edition is chosen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics, Mark
from .values import PDict, PStr


@dataclass
class Chapter:
    """A prose chapter from content/*.md."""

    id: str
    title: str
    order: int | None
    body: PStr
    regions: list[str] | None
    front: PDict
    path: str


@dataclass
class Handbook:
    root: Path
    meta: PDict = field(default_factory=lambda: PDict(Mark("handbook.yml")))
    # kind -> id -> entity, in load order (files sorted by name, then position in file)
    entities: dict[str, dict[str, PDict]] = field(default_factory=dict)
    defaults: PDict = field(default_factory=lambda: PDict(Mark("data/regions.yml")))
    regions: list[PDict] = field(default_factory=list)
    revisions: list[PDict] = field(default_factory=list)
    overlays: dict[str, list[tuple[str, PDict]]] = field(default_factory=dict)
    overlay_dirs: dict[str, Mark] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)

    def add_entities(self, kind: str, items: list[PDict], diags: Diagnostics) -> None:
        table = self.entities.setdefault(kind, {})
        for item in items:
            eid = item.get("id")
            if eid is None:
                continue
            if eid in table:
                diags.error(item.at("id"), f"duplicate {kind} id '{eid}'",
                            f"first defined at {table[eid].at('id')}")
                continue
            table[eid] = item

    def kind(self, kind: str) -> dict[str, PDict]:
        return self.entities.get(kind, {})

    @property
    def region_ids(self) -> list[str]:
        return [str(r["id"]) for r in self.regions if "id" in r]

    def region(self, rid: str) -> PDict | None:
        return next((r for r in self.regions if r.get("id") == rid), None)
