"""The root `index.html` of an output folder: a plain, offline page listing every edition's
site and downloads (and onboarding manuals, when the list holds any).

It is rendered from `templates/site/landing.html` with the sandboxed, autoescaping Jinja
environment of `TemplateSet`, so a handbook may restyle it and its text cannot inject markup.
Download links appear only for files that exist under `out_root`, so the page never links
to a format that was not built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ... import paths
from ... import tree as t
from ...templates import TemplateSet

TEMPLATE = "site/landing.html"


def _card(doc: t.Document, out_root: Path, label_of: t.Meta) -> dict[str, Any]:
    meta = doc.meta
    downloads = []
    for fmt in ("pdf", "docx"):
        rel = paths.artifact_path(meta, fmt)
        if (out_root / rel).is_file():
            downloads.append({"href": rel, "label": label_of.label(f"download_{fmt}")})
    name = meta.edition.name if meta.role is None else f"{meta.role_title or meta.role}"
    detail = f"{label_of.label('version')} {meta.current.version} · {meta.current.date}"
    if meta.role is not None:
        detail = f"{meta.edition.name} · {detail}"
    return {"name": name, "language": meta.language, "detail": detail,
            "site": paths.artifact_path(meta, "site") + "/index.html", "downloads": downloads}


def _label(meta: t.Meta, key: str, fallback: str) -> str:
    try:
        return meta.label(key)
    except KeyError:  # a tree built before the label existed
        return meta.label(fallback)


def landing_context(editions_docs: list[t.Document], out_root: Path) -> dict[str, Any]:
    """The values the landing template prints (plain strings; the template escapes)."""
    if not editions_docs:
        raise ValueError("write_landing needs at least one edition")
    main = next((d for d in editions_docs if d.meta.edition.id == "base" and d.meta.role is None),
                editions_docs[0])
    meta = main.meta
    label = meta.label
    editions = [d for d in editions_docs if d.meta.role is None]
    manuals = [d for d in editions_docs if d.meta.role is not None]
    groups = []
    if editions:
        groups.append({"heading": label("editions"),
                       "cards": [_card(d, out_root, meta) for d in editions]})
    if manuals:
        groups.append({"heading": label("onboarding"),
                       "cards": [_card(d, out_root, meta) for d in manuals]})
    return {
        "lang": meta.language, "title": meta.title, "subtitle": meta.subtitle or "",
        "organization": meta.organization, "doc_number": meta.doc_number,
        "version": meta.current.version, "published": meta.current.date,
        "labels": {"doc_number": label("doc_number"), "version": label("version"),
                   "published": label("published"), "open": _label(meta, "read_online", "home")},
        "groups": groups,
    }


def write_landing(editions_docs: list[t.Document], out_root: Path,
                  templates: TemplateSet | None = None) -> None:
    """Write `out_root/index.html` linking every edition in `editions_docs`."""
    env = (templates or TemplateSet()).jinja()
    html = env.get_template(TEMPLATE).render(**landing_context(editions_docs, out_root))
    out_root.mkdir(parents=True, exist_ok=True)
    (out_root / "index.html").write_text(html, encoding="utf-8")
