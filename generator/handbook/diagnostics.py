"""Problems found in a handbook, reported as `path:line:col: error: message`.

Every stage appends to one `Diagnostics` so that `check` reports all problems at once;
nothing in the input may surface as a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a source file; line and column are 1-based, path is relative to the handbook."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    mark: Mark
    message: str
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.mark}: {self.severity}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set)

    def error(self, mark: Mark, message: str, hint: str | None = None) -> None:
        d = Diagnostic(mark, message, hint)
        if d not in self._seen:
            self._seen.add(d)
            self.items.append(d)

    def warning(self, mark: Mark, message: str, hint: str | None = None) -> None:
        d = Diagnostic(mark, message, hint, "warning")
        if d not in self._seen:
            self._seen.add(d)
            self.items.append(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)

    def lines(self) -> list[str]:
        return [str(d) for d in self.sorted()]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or None when nothing is close."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return None


def one_of(candidates: Iterable[str], limit: int = 8) -> str:
    pool = sorted(set(candidates))
    shown = ", ".join(pool[:limit])
    more = f" … ({len(pool) - limit} more)" if len(pool) > limit else ""
    return f"expected one of: {shown}{more}" if pool else "none are defined"
