"""Where each artifact goes under the output folder; shared by the pipeline, the manifest and
the site writer (which links each edition to its downloads)."""

from __future__ import annotations

from .tree import Meta

FORMATS = ("site", "pdf", "docx")


def _prefix(meta: Meta) -> str:
    if meta.role:
        return f"onboarding/{meta.role}/"
    return ""


def file_stem(meta: Meta) -> str:
    parts = [meta.doc_number]
    if meta.edition.id != "base":
        parts.append(meta.edition.id)
    if meta.role:
        parts.append(meta.role)
    parts.append(f"v{meta.current.version}")
    return "-".join(parts)


def artifact_path(meta: Meta, fmt: str) -> str:
    """Path relative to the output root: a folder for `site`, a file otherwise."""
    if fmt == "site":
        return f"{_prefix(meta)}editions/{meta.edition.id}"
    return f"{_prefix(meta)}downloads/{meta.edition.id}/{file_stem(meta)}.{fmt}"
