"""Build one edition's website: Markdown pages + mkdocs.yml in the work folder, then MkDocs
(mkdocs-material) in-process, strict, into the edition's output folder.

Why the details:
- MkDocs' Jinja environment has no autoescaping and Material prints titles raw in some
  places and `|e`-escaped in others; titles are therefore handed over as `Markup` (escaped
  once), so both print the text exactly once and no markup from content gets through.
- Templates may come from the handbook (`templates/site/main.html`), as untrusted as its
  content; then pages are rendered with a sandboxed copy of the theme's environment (only
  then: the sandbox doubles the time spent rendering the navigation).
- Output must be byte-identical for the same tree: the sitemap (build-date `lastmod`, gzip
  mtime) is dropped; a site without `site_url` has no use for it. So is 404.html, whose
  root-absolute URLs break in a sub-folder or over file://.
- MkDocs keeps global state (loggers, the search plugin's jieba hook): builds in one process
  are serialized with a lock.
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ... import paths
from ... import tree as t
from ...diagrams import render_svg
from ...templates import DEFAULT_TEMPLATES
from ..context import WriterContext
from .config import check_offline_css, default_config, final_config, handbook_settings
from .escape import attr
from .markdown import MarkdownRenderer
from .pages import SitePlan, nav, plan
from .search import segmentation

_LOCK = threading.Lock()
_TEMPLATES = ("main.html",)  # theme overrides, looked up as templates/site/<name>
_CSS = "handbook.css"
# The sitemap has build-date `lastmod`s (and a gzip mtime); 404.html uses root-absolute URLs
# that only work when a site is served from the root of a host.
_DROPPED = ("sitemap.xml", "sitemap.xml.gz", "404.html")
# mkdocs-material's bundle loads a few scripts from unpkg.com on demand (a ResizeObserver
# polyfill for old browsers, Mermaid for diagrams we never emit) and asks api.github.com
# for repository facts (only with repo_url, which we refuse). In an offline site they are
# turned into empty data: scripts, so no reader's browser can reach out to the internet.
_REMOTE = ("https://unpkg.com/", "https://api.github.com/")
_INERT = "data:text/javascript,//"
_SOURCE_MAP = re.compile(r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")


class SiteBuildError(RuntimeError):
    """MkDocs failed or warned (the build is strict); the message lists its warnings."""


def render_markdown(doc: t.Document) -> tuple[SitePlan, dict[str, str]]:
    """The site's pages as Markdown sources (docs-relative path -> text), without MkDocs."""
    site = plan(doc)
    lang = doc.meta.language

    def svg(d: t.Diagram, link: Any) -> str:
        return render_svg(d, lang, link=link)

    return site, MarkdownRenderer(doc, site, svg).render_all()


def edition_data(doc: t.Document, ctx: WriterContext) -> dict[str, Any]:
    """What the theme override shows around each page: downloads and the edition switcher.

    Links are relative to the site root; the template prefixes them with `base_url`.
    """
    meta, label = doc.meta, doc.meta.label
    here = paths.artifact_path(meta, "site")
    downloads = [
        {"format": fmt, "label": label(f"download_{fmt}"),
         "href": posixpath.relpath(paths.artifact_path(meta, fmt), here)}
        for fmt in ("pdf", "docx") if fmt in ctx.formats
    ]
    editions = []
    for e in meta.editions:
        other = paths.artifact_path(replace(meta, edition=e), "site")
        editions.append({"id": e.id, "name": e.name, "language": e.language,
                         "current": e.id == meta.edition.id,
                         "href": posixpath.join(posixpath.relpath(other, here), "index.html")})
    return {
        "edition": meta.edition.name,
        "language": meta.language,
        "labels": {k: label(k) for k in ("edition", "editions", "downloads", "version")},
        "version": meta.current.version,
        "downloads": downloads,
        "editions": editions if len(editions) > 1 else [],
    }


def _copyright(meta: t.Meta) -> str:
    parts = [meta.organization, meta.doc_number,
             f"{meta.label('version')} {meta.current.version}"]
    if meta.confidentiality:
        parts.append(f"{meta.label('confidentiality')}：{meta.confidentiality}")
    return attr(" · ".join(parts))


@dataclass(frozen=True)
class Prepared:
    config_file: Path  # mkdocs.yml, which MkDocs alone could build (engine replaceable)
    site: SitePlan
    sandbox: bool  # a theme override comes from the handbook, not from us


def prepare(doc: t.Document, dest: Path, ctx: WriterContext) -> Prepared:
    """Write docs/, overrides/ and mkdocs.yml into a fresh work folder."""
    work = ctx.work_dir / "site" / paths.artifact_path(doc.meta, "site")
    if work.exists():
        shutil.rmtree(work)
    docs, overrides = work / "docs", work / "overrides"
    site, sources = render_markdown(doc)
    for rel, text in sources.items():
        f = docs / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    overrides.mkdir(parents=True)
    ours = (DEFAULT_TEMPLATES / "site").resolve()
    sandbox = False
    for name in _TEMPLATES:
        source = ctx.templates.find(f"site/{name}")
        sandbox = sandbox or source.parent != ours
        shutil.copyfile(source, overrides / name)
    css = docs / "assets" / "handbook" / _CSS
    css.parent.mkdir(parents=True, exist_ok=True)
    source = ctx.templates.find(f"site/{_CSS}")
    check_offline_css(source)
    shutil.copyfile(source, css)

    defaults = default_config(site_name=doc.meta.title, language=doc.meta.language,
                              copyright_html=_copyright(doc.meta),
                              extra_handbook=edition_data(doc, ctx))
    cfg = final_config(defaults, handbook_settings(ctx.handbook_dir, docs))
    cfg["nav"] = nav(site)
    cfg["docs_dir"] = str(docs)
    cfg["site_dir"] = str(dest.resolve())
    cfg["theme"]["custom_dir"] = str(overrides)
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return Prepared(config_file, site, sandbox)


def _escaped_nav(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            out.append({escape(k): (_escaped_nav(v) if isinstance(v, list) else v)
                        for k, v in item.items()})
        else:
            out.append(item)
    return out


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _sandboxed(env: Any) -> SandboxedEnvironment:
    sandbox = SandboxedEnvironment(loader=env.loader, auto_reload=False,
                                   extensions=[type(e) for e in env.extensions.values()])
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    sandbox.globals.update(env.globals)
    return sandbox


def run_mkdocs(config_file: Path, doc: t.Document, *, sandbox: bool = True) -> None:
    """Build with MkDocs in-process, strict; raises SiteBuildError listing any warning."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.plugins import BasePlugin, event_priority

    class HandbookPlugin(BasePlugin):  # type: ignore[type-arg]
        @event_priority(-100)
        def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
            return _sandboxed(env)

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    with _LOCK:
        propagate = logger.propagate
        logger.addHandler(capture)
        logger.propagate = False
        try:
            cfg = load_config(config_file=str(config_file))
            cfg["site_name"] = Markup(escape(doc.meta.title))
            cfg["nav"] = _escaped_nav(cfg["nav"])
            if sandbox:
                cfg.plugins["handbook"] = HandbookPlugin()
            with segmentation(doc.meta.language):
                build(cfg)
        except (MkDocsException, OSError) as e:
            detail = "\n".join(capture.messages) or str(e)
            raise SiteBuildError(f"site build failed ({e}):\n{detail}") from None
        except TemplateError as e:  # includes the sandbox's SecurityError
            where = f" ({e.filename}:{e.lineno})" if isinstance(e, TemplateSyntaxError) else ""
            raise SiteBuildError(f"site template error{where}: {e}") from None
        finally:
            logger.removeHandler(capture)
            logger.propagate = propagate


def write(doc: t.Document, dest: Path, ctx: WriterContext) -> None:
    """Render `doc` as a static, offline-safe mkdocs-material site in the folder `dest`."""
    prepared = prepare(doc, dest, ctx)
    run_mkdocs(prepared.config_file, doc, sandbox=prepared.sandbox)
    for name in _DROPPED:
        (dest / name).unlink(missing_ok=True)
    harden_assets(dest)


def harden_assets(site_dir: Path) -> None:
    """Neutralize the theme's on-demand remote scripts; drop source maps (developer-only
    files that nothing in the site needs)."""
    assets = site_dir / "assets"
    for f in sorted(assets.rglob("*.map")):
        f.unlink()
    for f in sorted([*assets.rglob("*.js"), *assets.rglob("*.css")]):
        text = f.read_text(encoding="utf-8")
        new = _SOURCE_MAP.sub("", text)
        for remote in _REMOTE:
            new = new.replace(remote, _INERT)
        if new != text:
            f.write_text(new, encoding="utf-8")
