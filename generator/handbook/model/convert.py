"""Check YAML nodes against a field spec and turn them into positioned values.

Type errors, unknown keys (with did-you-mean) and missing keys are reported here; the
offending value is dropped, so later checks see only well-typed data and never crash.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..diagnostics import Diagnostics, did_you_mean
from ..loader.yaml import YInvalid, YMap, YNode, YScalar, YSeq
from . import spec as s
from .values import PDict, PList, PStr

_ID = re.compile(s.ID_PATTERN)
_VERSION = re.compile(s.VERSION_PATTERN)
_DATE = re.compile(s.DATE_PATTERN)


def _describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    assert isinstance(node, YScalar)
    v = node.value
    if v is None:
        return "empty"
    if isinstance(v, bool):
        return f"a boolean ({node.raw})"
    if isinstance(v, (int, float)):
        return f"a number ({node.raw})"
    if isinstance(v, dt.date):
        return f"a date ({node.raw})"
    return "text"


class Converter:
    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags

    def convert(self, node: YNode, t: s.Type, what: str) -> Any:
        """The converted value, or None after reporting why it is unusable."""
        if isinstance(node, YInvalid):
            return None  # already reported by the YAML loader
        if isinstance(t, s.Obj):
            return self._obj(node, t, what)
        if isinstance(t, s.List):
            return self._list(node, t, what)
        if isinstance(t, s.OneOf):
            if isinstance(node, YMap):
                return self._obj(node, t.obj, what)
            return self.convert(node, t.text, what)
        return self._scalar(node, t, what)

    def _obj(self, node: YNode, t: s.Obj, what: str) -> PDict | None:
        if not isinstance(node, YMap):
            self.diags.error(node.mark, f"{what} must be a mapping, not {_describe(node)}")
            return None
        out = PDict(node.mark)
        allowed = dict(t.fields)
        if t.filterable:
            allowed.setdefault("regions", s.REGIONS_FIELD)
        for key, (knode, vnode) in node.items.items():
            f = allowed.get(key)
            if f is None and t.extra is None:
                hint = did_you_mean(key, allowed) or "allowed keys: " + ", ".join(allowed)
                self.diags.error(knode.mark, f"unknown key '{key}' in {t.name}", hint)
                continue
            ftype = f.type if f else t.extra
            assert ftype is not None
            if f is not None and isinstance(vnode, YScalar) and vnode.value is None:
                if f.required:
                    self.diags.error(vnode.mark, f"'{key}' of {t.name} must not be empty")
                continue  # an empty optional key is the same as an absent one
            value = self.convert(vnode, ftype, f"'{key}' of {t.name}")
            if value is None:
                continue
            out[key] = value
            out.key_marks[key] = knode.mark
            out.value_marks[key] = vnode.mark
        for key, f in t.fields.items():
            if f.required and key not in node.items:
                self.diags.error(node.mark, f"{t.name} is missing required key '{key}'",
                                 f.doc or None)
        return out

    def _list(self, node: YNode, t: s.List, what: str) -> PList | None:
        if isinstance(node, YScalar) and isinstance(t.item, (s.Ref, s.Str)) and isinstance(
                node.value, str):
            # A single id where a list is expected: accept it as a one-item list.
            v = self._scalar(node, t.item, what)
            return PList(node.mark, [v], [node.mark]) if v is not None else None
        if not isinstance(node, YSeq):
            self.diags.error(node.mark, f"{what} must be a list, not {_describe(node)}")
            return None
        out = PList(node.mark, [], [])
        for i, item in enumerate(node.items):
            v = self.convert(item, t.item, f"item {i + 1} of {what}")
            if v is not None:
                out.append(v)
                out.marks.append(item.mark)
        return out

    def _scalar(self, node: YNode, t: s.Type, what: str) -> Any:
        if not isinstance(node, YScalar):
            expected = "text" if isinstance(t, (s.Text, s.Str)) else "a single value"
            self.diags.error(node.mark, f"{what} must be {expected}, not {_describe(node)}")
            return None
        v = node.value
        if isinstance(t, s.Int):
            if isinstance(v, bool) or not isinstance(v, int):
                self.diags.error(node.mark, f"{what} must be a whole number, not {_describe(node)}")
                return None
            if t.minimum is not None and v < t.minimum:
                self.diags.error(node.mark, f"{what} must be at least {t.minimum}")
                return None
            if t.maximum is not None and v > t.maximum:
                self.diags.error(node.mark, f"{what} must be at most {t.maximum}")
                return None
            return v
        if v is None:
            self.diags.error(node.mark, f"{what} must not be empty")
            return None
        if isinstance(t, s.Date):
            text = v.isoformat() if isinstance(v, dt.date) else str(v)
            if isinstance(v, dt.datetime) or not _DATE.match(text) or not _valid_date(text):
                self.diags.error(node.mark, f"{what} must be a date YYYY-MM-DD, not '{node.raw}'")
                return None
            return PStr(text, node.mark, node.style, node.raw)
        if isinstance(v, (dict, list)):  # pragma: no cover - scalars only
            return None
        if isinstance(v, bool) and isinstance(t, (s.Id, s.Ref, s.Enum)):
            self.diags.error(node.mark, f"{what} must be text, not {_describe(node)}",
                             "quote it")
            return None
        if isinstance(t, s.Version):
            text = node.raw if not isinstance(v, str) else v
            if not _VERSION.match(text):
                self.diags.error(node.mark, f"{what} must be dotted numbers like \"1.0\", "
                                 f"not '{node.raw}'")
                return None
            return PStr(text, node.mark, node.style, node.raw)
        text = v if isinstance(v, str) else (v.isoformat() if isinstance(v, dt.date) else node.raw)
        if isinstance(v, bool) and isinstance(t, (s.Str, s.Text)):
            self.diags.error(node.mark, f"{what} must be text, not {_describe(node)}",
                             f"quote it: '{node.raw}'")
            return None
        if isinstance(t, s.Id) and not _ID.match(text):
            self.diags.error(node.mark, f"invalid id '{text}'",
                             "use lowercase letters, digits and single hyphens, e.g. sales-rep")
            return None
        if isinstance(t, s.Ref) and t.kind not in ("region", "step") and not _ID.match(text):
            self.diags.error(node.mark, f"invalid {t.kind} id '{text}'",
                             "ids are lowercase letters, digits and hyphens")
            return None
        if isinstance(t, s.Enum) and text not in t.values:
            hint = did_you_mean(text, t.values) or "expected one of: " + ", ".join(t.values)
            self.diags.error(node.mark, f"{what} must be one of {', '.join(t.values)}, "
                             f"not '{text}'", hint)
            return None
        if isinstance(t, (s.Str, s.Id, s.Ref)) and "\n" in text.strip():
            self.diags.error(node.mark, f"{what} must be on one line")
            return None
        return PStr(text, node.mark, node.style, node.raw)


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
