"""Plain Python values that remember where they came from.

The model is kept as dicts, lists and strings (so overlays can replace keys and `diff` can
walk any field generically), but each remembers its source position for error messages.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Mark


class PStr(str):
    """A string with its source mark; `style`/`raw` let text errors point inside the scalar."""

    mark: Mark
    style: str | None
    raw: str

    def __new__(cls, value: str, mark: Mark, style: str | None = None, raw: str = "") -> PStr:
        obj = super().__new__(cls, value)
        obj.mark = mark
        obj.style = style
        obj.raw = raw
        return obj

    def __reduce__(self) -> Any:
        return (PStr, (str(self), self.mark, self.style, self.raw))


class PDict(dict):
    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks = {}
        self.value_marks = {}

    def at(self, key: str) -> Mark:
        """Where the value of `key` is (or the mapping, if the key is absent)."""
        return self.value_marks.get(key, self.mark)

    def key_at(self, key: str) -> Mark:
        return self.key_marks.get(key, self.mark)

    def copy_with(self, **changes: Any) -> PDict:
        new = PDict(self.mark)
        new.update(self)
        new.key_marks = dict(self.key_marks)
        new.value_marks = dict(self.value_marks)
        new.update(changes)
        return new


class PList(list):
    mark: Mark
    marks: list[Mark]

    def __init__(self, mark: Mark, items: list[Any] | None = None,
                 marks: list[Mark] | None = None) -> None:
        super().__init__(items or [])
        self.mark = mark
        self.marks = marks if marks is not None else [mark] * len(self)

    def at(self, index: int) -> Mark:
        return self.marks[index] if index < len(self.marks) else self.mark



def unpositioned(value: Any) -> Any:
    """The same data as plain dict/list/str (for JSON and comparisons)."""
    if isinstance(value, dict):
        return {k: unpositioned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unpositioned(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
