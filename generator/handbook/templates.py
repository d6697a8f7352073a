"""Template lookup: a handbook's own `templates/<name>` wins over the default `templates/`.

Jinja runs sandboxed with StrictUndefined: templates may come from a handbook repository,
which is as untrusted as its content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment

DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class _InsideLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template whose real path (symlinks followed) is
    outside its folders, like `TemplateSet.find`."""

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(p).resolve()) for p in self.searchpath):
            raise TemplateNotFound(template)
        return source, filename, uptodate


@dataclass(frozen=True)
class TemplateSet:
    handbook_dir: Path | None = None

    @property
    def search_path(self) -> list[Path]:
        paths = []
        if self.handbook_dir is not None:
            own = self.handbook_dir / "templates"
            if own.is_dir() and own.resolve() != DEFAULT_TEMPLATES:
                paths.append(own)
        paths.append(DEFAULT_TEMPLATES)
        return paths

    def find(self, name: str) -> Path:
        """The file to use for `name`; FileNotFoundError names every place looked at."""
        for base in self.search_path:
            candidate = (base / name).resolve()
            if base.resolve() in candidate.parents and candidate.is_file():
                return candidate
        raise FileNotFoundError(f"template {name!r} not found in " +
                                ", ".join(str(p) for p in self.search_path))

    def jinja(self) -> ImmutableSandboxedEnvironment:
        return ImmutableSandboxedEnvironment(
            loader=_InsideLoader([str(p) for p in self.search_path]),
            undefined=StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
        )
