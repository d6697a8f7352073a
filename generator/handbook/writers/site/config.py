"""The MkDocs configuration of one edition: our defaults, with the handbook's own
`mkdocs.yml` merged over them.

The handbook's file is as untrusted as its content. It is parsed with a safe loader (a
`!!python/name` tag is kept as an inert marker, never imported), and only settings that
change the look of the site are taken: keys that would run code at build time (hooks,
plugins) or make the reader's browser fetch something from the internet (Google fonts,
repository facts, analytics, remote scripts) are refused with a clear error. Keys the
generator owns (nav, docs_dir, markdown_extensions ...) are ignored.
"""

from __future__ import annotations

import copy
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .escape import attr

LANGUAGES = {"zh-CN": "zh", "zh-TW": "zh-TW", "en": "en"}  # tree language -> Material's

FEATURES = [
    "navigation.tabs", "navigation.indexes", "navigation.prune", "navigation.top",
    "navigation.footer", "search.highlight", "toc.follow",
]
MARKDOWN_EXTENSIONS: list[Any] = [
    "tables", "attr_list", "md_in_html", "sane_lists", {"toc": {"permalink": True}},
]
# Material's zh separator, for every language: jieba's zero-width spaces must split words
# even in an English edition that quotes Chinese names.
SEARCH_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"
# Broken links and anchors are warnings, and the build is strict: they fail it.
VALIDATION = {
    "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
    "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn",
              "unrecognized_links": "warn"},
}

# Settings a handbook may change, and why some others are refused.
_ALLOWED = {"theme", "extra", "extra_css", "copyright", "site_description", "site_author",
            "site_url"}
_OWNED = {"site_name", "nav", "docs_dir", "site_dir", "use_directory_urls", "strict",
          "validation", "markdown_extensions", "mdx_configs", "dev_addr", "watch",
          "exclude_docs", "not_in_nav", "draft_docs", "edit_uri", "edit_uri_template",
          "remote_branch", "remote_name", "extra_templates", "theme_dir"}
_REFUSED = {
    "hooks": "hooks run Python code at build time",
    "plugins": "plugins run code at build time; the generator configures search itself",
    "INHERIT": "inheriting another file is not supported; put the settings here",
    "repo_url": "the theme would fetch repository facts from the internet",
    "repo_name": "the theme would fetch repository facts from the internet",
    "extra_javascript": "scripts are not allowed in the site",
}
_THEME_ALLOWED = {"palette", "logo", "favicon", "icon", "features", "primary", "accent"}
_THEME_OWNED = {"name", "language", "custom_dir", "font", "static_templates", "locale"}
_EXTRA_REFUSED = {"analytics": "analytics load scripts from the internet",
                  "consent": "cookie consent only makes sense with analytics",
                  "alternate": "use the handbook's editions instead",
                  "version": "version selectors fetch versions.json from elsewhere",
                  "homepage": "the home page of an edition is its own index page"}
# Plain-text settings the theme prints without escaping.
_TEXT_SETTINGS = ("copyright", "site_description", "site_author")


class SiteConfigError(ValueError):
    """The handbook's mkdocs.yml cannot be used; the message names the file and the key.

    The parts are kept so that `handbook check` can report it like any content error.
    """

    def __init__(self, path: Path, message: str, line: int | None = None,
                 col: int | None = None) -> None:
        self.path, self.message, self.line, self.col = path, message, line, col
        where = f"{path}" + (f":{line}" if line else "") + (f":{col}" if line and col else "")
        super().__init__(f"{where}: error: {message}")


@dataclass(frozen=True)
class PythonName:
    """An inert stand-in for a `!!python/name:...` value (never imported)."""

    name: str


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases would let a small file expand into a huge structure for the checks below.
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in mkdocs.yml",
                self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonName:
    return PythonName(suffix)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


def load_handbook_config(path: Path) -> dict[str, Any]:
    """The handbook's mkdocs.yml as a dict ({} if the file is missing or empty)."""
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise SiteConfigError(path, str(e.problem or e), mark.line + 1 if mark else None,
                              mark.column + 1 if mark else None) from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise SiteConfigError(path, f"cannot read: {e}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SiteConfigError(path, "expected a mapping of settings")
    return data


def _refuse(path: Path, key: str, why: str) -> SiteConfigError:
    line, col = _key_position(path, key)
    return SiteConfigError(path, f"setting {key!r} is not supported: {why}", line, col)


def _key_position(path: Path, key: str) -> tuple[int | None, int | None]:
    """Line and column of a dotted key ('theme.font', 'extra_css[1]') in the file."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return None, None
    mark = None
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key):
        if isinstance(node, yaml.MappingNode) and not part.startswith("["):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part),
                        None)
            if pair is None:
                break
            mark, node = pair[0].start_mark, pair[1]
        elif isinstance(node, yaml.SequenceNode) and part.startswith("["):
            i = int(part[1:-1])
            if i >= len(node.value):
                break
            node = node.value[i]
            mark = node.start_mark
        else:
            break
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


def _check_inert(value: Any, path: Path, key: str) -> None:
    if isinstance(value, PythonName):
        raise _refuse(path, key, f"!!python/name:{value.name} would import Python code")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_inert(v, path, f"{key}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_inert(v, path, f"{key}[{i}]")


def _local_file(handbook_dir: Path, value: Any, path: Path, key: str) -> Path:
    if not isinstance(value, str) or "://" in value or value.startswith("//"):
        raise _refuse(path, key, "must be a file inside the handbook folder (the site is "
                                 "offline: nothing may be fetched from the internet)")
    root = handbook_dir.resolve()
    file = (root / value).resolve()
    if root not in file.parents or not file.is_file():
        raise _refuse(path, key, f"{value!r} is not a file inside the handbook folder")
    return file


def handbook_settings(handbook_dir: Path, docs_dir: Path) -> dict[str, Any]:
    """The handbook's allowed settings, with local files (logo, CSS) copied into docs_dir."""
    path = handbook_dir / "mkdocs.yml"
    raw = load_handbook_config(path)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _REFUSED:
            raise _refuse(path, key, _REFUSED[key])
        if key in _OWNED:
            continue
        if key not in _ALLOWED:
            raise _refuse(path, key, "unknown setting; allowed: " + ", ".join(sorted(_ALLOWED)))
        _check_inert(value, path, key)
        out[key] = copy.deepcopy(value)

    theme = out.get("theme", {})
    if isinstance(theme, str):
        theme = {}
    if not isinstance(theme, dict):
        raise _refuse(path, "theme", "expected a mapping")
    if theme.get("font", False) is not False:
        raise _refuse(path, "theme.font", "web fonts are fetched from Google; the site uses "
                                          "the reader's system fonts")
    for k in list(theme):
        if k in _THEME_OWNED:
            del theme[k]
        elif k not in _THEME_ALLOWED:
            raise _refuse(path, f"theme.{k}", "allowed: " + ", ".join(sorted(_THEME_ALLOWED)))
    for k in ("logo", "favicon"):
        if k in theme:
            file = _local_file(handbook_dir, theme[k], path, f"theme.{k}")
            theme[k] = _copy_asset(file, docs_dir)
    if "theme" in out:
        out["theme"] = theme

    extra = out.get("extra", {})
    if not isinstance(extra, dict):
        raise _refuse(path, "extra", "expected a mapping")
    for k, why in _EXTRA_REFUSED.items():
        if k in extra:
            raise _refuse(path, f"extra.{k}", why)
    extra.pop("handbook", None)  # ours
    if "social" in extra:
        extra["social"] = _escape_strings(extra["social"])
    for k in _TEXT_SETTINGS:
        if k in out:
            out[k] = attr(str(out[k]))
    css = out.get("extra_css", [])
    if not isinstance(css, list):
        raise _refuse(path, "extra_css", "expected a list of files")
    out["extra_css"] = [_copy_asset(_local_file(handbook_dir, c, path, "extra_css"), docs_dir)
                        for c in css]
    return out


def _escape_strings(value: Any) -> Any:
    if isinstance(value, str):
        return attr(value)
    if isinstance(value, dict):
        return {k: _escape_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_strings(v) for v in value]
    return value


_REMOTE_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def check_offline_css(file: Path) -> None:
    """Refuse a style sheet that would load anything from another host."""
    text = file.read_text(encoding="utf-8", errors="replace")
    m = _REMOTE_CSS.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise SiteConfigError(file, "the site is offline; a style sheet may not @import or "
                              "load url()s from other hosts", line)


def _copy_asset(file: Path, docs_dir: Path) -> str:
    if file.suffix.lower() == ".css":
        check_offline_css(file)
    dest = docs_dir / "assets" / "handbook" / "own" / file.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, dest)
    return f"assets/handbook/own/{file.name}"


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` merged into a copy of `base`: mappings recursively, anything else replaced."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def default_config(*, site_name: str, language: str, copyright_html: str,
                   extra_handbook: dict[str, Any]) -> dict[str, Any]:
    """Our settings before the handbook's own; paths are filled in by the build."""
    return {
        "site_name": site_name,
        "copyright": copyright_html,
        "use_directory_urls": False,
        "strict": True,
        "theme": {
            "name": "material",
            "language": LANGUAGES.get(language, "en"),
            "font": False,
            "features": list(FEATURES),
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
            "icon": {"logo": "material/book-open-page-variant"},
        },
        "plugins": [{"search": {"separator": SEARCH_SEPARATOR}}],
        "markdown_extensions": copy.deepcopy(MARKDOWN_EXTENSIONS),
        "validation": copy.deepcopy(VALIDATION),
        "extra": {"generator": False, "handbook": extra_handbook},
        "extra_css": ["assets/handbook/handbook.css"],
    }


def final_config(defaults: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Merge the handbook's settings over ours, keeping what the site relies on."""
    css = defaults["extra_css"] + [c for c in own.get("extra_css", [])
                                   if c not in defaults["extra_css"]]
    cfg = merge(defaults, {k: v for k, v in own.items() if k != "extra_css"})
    cfg["extra_css"] = css
    features = list(defaults["theme"]["features"])
    for f in own.get("theme", {}).get("features", []) or []:
        if isinstance(f, str) and f not in features and f != "navigation.expand":
            features.append(f)
    cfg["theme"]["features"] = features
    cfg["extra"]["handbook"] = defaults["extra"]["handbook"]
    cfg["extra"]["generator"] = defaults["extra"]["generator"]
    return cfg
