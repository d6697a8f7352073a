"""JSON Schema of the data files, generated from the field specs (for editors through
yaml-language-server, and for CI systems that validate YAML without this tool)."""

from __future__ import annotations

from typing import Any

from . import spec as s

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _type(t: s.Type, defs: dict[str, Any]) -> dict[str, Any]:
    doc = {"description": t.doc} if t.doc else {}
    if isinstance(t, s.Obj):
        name = t.name.replace(" ", "_")
        if name and name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _obj(t, defs)
        return {"$ref": f"#/$defs/{name}", **doc} if name else _obj(t, defs)
    if isinstance(t, s.List):
        return {"type": "array", "items": _type(t.item, defs), **doc}
    if isinstance(t, s.OneOf):
        return {"anyOf": [_type(t.text, defs), _type(t.obj, defs)], **doc}
    if isinstance(t, s.Int):
        out: dict[str, Any] = {"type": "integer", **doc}
        if t.minimum is not None:
            out["minimum"] = t.minimum
        if t.maximum is not None:
            out["maximum"] = t.maximum
        return out
    if isinstance(t, s.Id):
        return {"type": "string", "pattern": s.ID_PATTERN, **doc}
    if isinstance(t, s.Ref):
        if t.kind in ("region", "step"):
            return {"type": "string", "description": f"a {t.kind} id"}
        return {"type": "string", "pattern": s.ID_PATTERN, "description": f"a {t.kind} id"}
    if isinstance(t, s.Date):
        return {"type": "string", "format": "date", "pattern": s.DATE_PATTERN, **doc}
    if isinstance(t, s.Version):
        return {"type": ["string", "number"], "pattern": s.VERSION_PATTERN, **doc}
    if isinstance(t, s.Enum):
        return {"enum": list(t.values), **doc}
    if isinstance(t, s.Scalar):
        # one value, as convert.py accepts it: a list or an empty value is an error there
        return {"type": ["string", "number", "boolean"], **doc}
    if isinstance(t, s.Text):
        return {"type": "string", "description": t.doc or "Markdown text with [[kind:id]] "
                "references and {{ region.key }} values"}
    return {"type": ["string", "number"], **doc}


def _obj(t: s.Obj, defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    fields = dict(t.fields)
    if t.filterable:
        fields.setdefault("regions", s.REGIONS_FIELD)
    for key, f in fields.items():
        prop = _type(f.type, defs)
        if f.doc and "description" not in prop:
            prop = {**prop, "description": f.doc}
        props[key] = prop
    out: dict[str, Any] = {"type": "object", "properties": props}
    required = [k for k, f in t.fields.items() if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = _type(t.extra, defs) if t.extra else False
    return out


def _one_or_many(t: s.Obj, defs: dict[str, Any]) -> dict[str, Any]:
    ref = _type(t, defs)
    return {"anyOf": [ref, {"type": "array", "items": ref}]}


def json_schema() -> dict[str, Any]:
    """One schema whose $defs cover every file; `files` maps file globs to their schema."""
    defs: dict[str, Any] = {}
    files: dict[str, Any] = {
        "handbook.yml": _type(s.HANDBOOK, defs),
        "data/revisions.yml": {"type": "array", "items": _type(s.REVISION, defs)},
        "data/regions.yml": _type(s.REGIONS_FILE, defs),
        "data/glossary.yml": {"type": "array", "items": _type(s.TERM, defs)},
    }
    for kind, (t, folder) in s.ENTITY_KINDS.items():
        files[f"data/{folder}/*.yml"] = _one_or_many(t, defs)
        files[f"data/{folder}.yml"] = {"type": "array", "items": _type(t, defs)}
        _ = kind
    defs["any_file"] = {"anyOf": list(files.values())}
    return {
        "$schema": DIALECT,
        "$id": "https://handbook.invalid/schema/handbook-data.json",
        "title": "Sales handbook data files",
        "description": "Validate any data file of a handbook directory; x-files maps each "
                       "file pattern to its own schema (use those with yaml-language-server).",
        "$ref": "#/$defs/any_file",
        "$defs": defs,
        "x-files": files,
    }


def schema_for(kind: str) -> dict[str, Any] | None:
    """A standalone schema for one file kind ('roles', 'handbook', 'regions' …)."""
    full = json_schema()
    files = full["x-files"]
    key = {"handbook": "handbook.yml", "revisions": "data/revisions.yml",
           "regions": "data/regions.yml", "glossary": "data/glossary.yml"}.get(kind)
    if key is None and kind in s.KIND_BY_FOLDER:
        key = f"data/{kind}/*.yml"
    if key is None:
        return None
    return {"$schema": DIALECT, **files[key], "$defs": full["$defs"]}
