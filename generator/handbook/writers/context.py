"""What a writer may use besides the document tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..templates import TemplateSet


@dataclass(frozen=True)
class WriterContext:
    handbook_dir: Path  # the handbook's own folder (mkdocs.yml, logo, templates overrides)
    templates: TemplateSet
    out_root: Path  # the folder that becomes --out; artifacts sit at paths.artifact_path
    work_dir: Path  # scratch space for this build, removed afterwards
    formats: tuple[str, ...] = ("site", "pdf", "docx")  # formats built in this run
    quiet: bool = False
    extra: dict[str, object] = field(default_factory=dict)
