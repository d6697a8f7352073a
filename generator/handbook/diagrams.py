"""Draw `tree.Diagram` graphs with Graphviz at build time.

Every format gets the same drawing: SVG for the site and the PDF (vector, no JavaScript),
PNG for Word. Graphviz runs as a subprocess with the graph on stdin, so content never
reaches a shell, and results are cached by the DOT source within one process.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Callable

from .tree import Diagram

FONTS = {"zh-CN": "Noto Sans CJK SC", "zh-TW": "Noto Sans CJK TC", "en": "Noto Sans CJK SC"}

_SHAPES = {
    "box": 'shape=box, style="filled", fillcolor="#eef3fb"',
    "rounded": 'shape=box, style="rounded,filled", fillcolor="#e8f5e9"',
    "diamond": 'shape=diamond, style="filled", fillcolor="#fff4e0"',
    "ellipse": 'shape=ellipse, style="filled", fillcolor="#f3e5f5"',
}


class DiagramError(RuntimeError):
    """Graphviz is missing or failed; the message says how to fix it."""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(diagram: Diagram, language: str, link: Callable[[str], str | None] | None) -> str:
    """The DOT source; `link` maps a node's anchor to an href (None: no link)."""
    font = FONTS.get(language, FONTS["zh-CN"])
    lines = [
        "digraph G {",
        f"  rankdir={diagram.direction}; bgcolor=transparent; nodesep=0.3; ranksep=0.45;",
        f"  node [fontname={_quote(font)}, fontsize=11, color=\"#3f6fb5\", margin=\"0.12,0.06\"];",
        f"  edge [fontname={_quote(font)}, fontsize=9, color=\"#555555\", arrowsize=0.7];",
    ]
    by_group: dict[str | None, list[str]] = {}
    for node in diagram.nodes:
        attrs = [f"label={_quote(node.label)}", _SHAPES[node.shape]]
        href = link(node.anchor) if (link and node.anchor) else None
        if href:
            attrs.append(f"href={_quote(href)}")
            attrs.append('target="_top"')
        by_group.setdefault(node.group, []).append(f"    {_quote(node.id)} [{', '.join(attrs)}];")
    for cluster in diagram.clusters:
        members = by_group.pop(cluster.id, [])
        if not members:
            continue
        cid = re.sub(r"[^A-Za-z0-9_]", "_", cluster.id)
        lines.append(f"  subgraph cluster_{cid} {{")
        lines.append(f"    label={_quote(cluster.label)}; fontname={_quote(font)}; fontsize=11;")
        lines.append('    style="rounded"; color="#b0bec5";')
        lines.extend(members)
        lines.append("  }")
    for members in by_group.values():
        lines.extend(m[2:] for m in members)
    for edge in diagram.edges:
        attr = f" [label={_quote(edge.label)}]" if edge.label else ""
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)}{attr};")
    lines.append("}")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=512)
def _run_dot(source: str, fmt: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise DiagramError("Graphviz 'dot' not found: install the Debian package graphviz "
                           "(scripts/setup.sh does)")
    args = [exe, f"-T{fmt}"]
    if fmt == "png":
        args.append("-Gdpi=144")
    proc = subprocess.run(args, input=source.encode(), capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise DiagramError("Graphviz failed: " + proc.stderr.decode(errors="replace")[:500])
    return proc.stdout


def render_svg(diagram: Diagram, language: str,
               link: Callable[[str], str | None] | None = None) -> str:
    """An SVG document (without the XML prolog and DOCTYPE, so it can be inlined)."""
    svg = _run_dot(to_dot(diagram, language, link), "svg").decode()
    start = svg.find("<svg")
    svg = svg[start:]
    # Graphviz writes a comment with its version and the graph name; drop it for stable output.
    return re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)


def render_png(diagram: Diagram, language: str) -> bytes:
    return _run_dot(to_dot(diagram, language, None), "png")
