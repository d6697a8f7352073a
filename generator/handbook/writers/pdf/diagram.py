"""Diagrams in print: the Graphviz SVG inline, scaled to fit the page, with clickable nodes.

WeasyPrint draws links inside an SVG as plain shapes, so a node's link to its section would
be lost. Instead each linked node gets an invisible HTML link laid over it, positioned in
percent of the drawing, which WeasyPrint turns into an ordinary PDF link annotation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection
from html import escape
from typing import NamedTuple

from ...diagrams import render_svg
from ...tree import Diagram

# The largest drawing that fits the default A4 text block (170 mm wide, about 247 mm high),
# leaving room for the caption; and the same on a landscape page (257 mm by 163 mm).
MM = 72 / 25.4
PORTRAIT = (170 * MM, 205 * MM)
LANDSCAPE = (257 * MM, 148 * MM)
# A drawing that would shrink below this on a portrait page gets a landscape page of its own,
# if that shows it noticeably larger: a wide org chart stays readable on paper.
LANDSCAPE_BELOW = 0.8

_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_ROOT_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')
_ID_REFS = re.compile(r'(\bid="|url\(#|href="#)')


def _pt(value: str) -> float:
    return float(value.removesuffix("pt").removesuffix("px"))


def _fit(width: float, height: float, box: tuple[float, float]) -> float:
    """The scale (at most 1) at which a width × height drawing fits into `box`."""
    if width <= 0 or height <= 0:
        return 1.0
    return min(1.0, box[0] / width, box[1] / height)


def _node_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Node id → (x0, y0, x1, y1) in viewBox units, from the shapes Graphviz drew."""
    graph = root.find(f"{_SVG}g")
    tx = ty = 0.0
    if graph is not None:
        m = re.search(r"translate\(([-\d.]+)[ ,]+([-\d.]+)\)", graph.get("transform", ""))
        if m:
            tx, ty = float(m.group(1)), float(m.group(2))
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for g in root.iter(f"{_SVG}g"):
        if g.get("class") != "node":
            continue
        title = g.find(f"{_SVG}title")
        if title is None or not title.text:
            continue
        xs: list[float] = []
        ys: list[float] = []
        for shape in g.iter():
            tag = shape.tag.removeprefix(_SVG)
            if tag in ("polygon", "polyline", "path"):
                nums = [float(n) for n in _NUMBER.findall(shape.get("points") or shape.get("d")
                                                          or "")]
                xs += nums[0::2]
                ys += nums[1::2]
            elif tag == "ellipse":
                cx, cy = float(shape.get("cx", 0)), float(shape.get("cy", 0))
                rx, ry = float(shape.get("rx", 0)), float(shape.get("ry", 0))
                xs += [cx - rx, cx + rx]
                ys += [cy - ry, cy + ry]
        if xs and ys:
            boxes[title.text] = (min(xs) + tx, min(ys) + ty, max(xs) + tx, max(ys) + ty)
    return boxes


def _prefix_ids(svg: str, prefix: str) -> str:
    """Graphviz numbers its ids (graph0, node1 ...) per drawing; make them unique per document."""
    return _ID_REFS.sub(lambda m: m.group(1) + prefix, svg)


class PrintDiagram(NamedTuple):
    html: str
    landscape: bool  # on an A4 landscape page of its own


def print_diagram(diagram: Diagram, language: str, anchors: Collection[str],
                  id_prefix: str = "diagram-") -> PrintDiagram:
    """A <figure> with the drawing, its caption and a link over every node that has a target,
    and whether it needs a landscape page. `id_prefix` must differ between the diagrams of one
    document."""
    svg = render_svg(diagram, language)
    root = ET.fromstring(svg)
    width, height = _pt(root.get("width", "0")), _pt(root.get("height", "0"))
    view = [float(v) for v in root.get("viewBox", f"0 0 {width} {height}").split()]
    vx, vy, vw, vh = view if len(view) == 4 else (0.0, 0.0, width, height)
    scale = _fit(width, height, PORTRAIT)
    landscape = scale < LANDSCAPE_BELOW and _fit(width, height, LANDSCAPE) > 1.15 * scale
    if landscape:
        scale = _fit(width, height, LANDSCAPE)
    w, h = width * scale, height * scale
    svg = _ROOT_SIZE.sub(f'<svg width="{w:.2f}pt" height="{h:.2f}pt"', svg, count=1)
    svg = _prefix_ids(svg, id_prefix)

    links = []
    boxes = _node_boxes(root) if vw and vh else {}
    for node in diagram.nodes:
        box = boxes.get(node.id)
        if node.anchor is None or node.anchor not in anchors or box is None:
            continue
        x0, y0, x1, y1 = box
        links.append(
            f'<a class="diagram-link" href="#{escape(node.anchor)}" title="{escape(node.label)}" '
            f'style="left: {100 * (x0 - vx) / vw:.3f}%; top: {100 * (y0 - vy) / vh:.3f}%; '
            f'width: {100 * (x1 - x0) / vw:.3f}%; height: {100 * (y1 - y0) / vh:.3f}%"></a>')
    classes = f"diagram diagram-{escape(diagram.kind)}" + (" landscape" if landscape else "")
    html = (f'<figure class="{classes}">\n'
            f'<div class="diagram-canvas" style="width: {w:.2f}pt; height: {h:.2f}pt">\n'
            f"{svg.strip()}\n" + "".join(f"{a}\n" for a in links)
            + f"</div>\n<figcaption>{escape(diagram.title)}</figcaption>\n</figure>\n")
    return PrintDiagram(html, landscape)
