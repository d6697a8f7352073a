"""The document tree: the one intermediate representation that every writer reads.

The builder turns a resolved edition into a `Document`; the site, PDF and Word writers only
read it. Nothing here knows about YAML, regions or output formats, so the three formats cannot
drift: same sections, same order, same text, same anchors.

All nodes are frozen dataclasses holding tuples, so a tree can be hashed, compared in tests and
shared between writers without copying.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal

# --------------------------------------------------------------------------- inline nodes


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Ref:
    """A cross-reference to a section of this document, by its anchor."""

    anchor: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """An external link; the builder only lets http(s) and mailto URLs through."""

    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Strong | Emphasis | Code | Ref | Link | LineBreak

# --------------------------------------------------------------------------- block nodes


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class OrderedList:
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header that repeats across pages.

    `widths` are relative column widths (e.g. (1, 3)); None lets the writer decide.
    """

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    widths: tuple[int, ...] | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Field:
    label: str
    value: tuple[Inline, ...]


@dataclass(frozen=True)
class FieldList:
    """Label/value facts about an entity (所属部门, 直接上级 ...): a two-column table in print."""

    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Article:
    """One numbered article of a rule; `number` is already the label (第一条, Article 1)."""

    number: str
    anchor: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Articles:
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class GraphNode:
    id: str
    label: str
    anchor: str | None = None  # the section this node links to, if any
    shape: Literal["box", "rounded", "diamond", "ellipse"] = "box"
    group: str | None = None  # cluster id


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    label: str | None = None


@dataclass(frozen=True)
class GraphCluster:
    id: str
    label: str


@dataclass(frozen=True)
class Diagram:
    """A graph drawn at build time (org chart, process flow); see `handbook.diagrams`."""

    kind: Literal["org", "flow"]
    title: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    clusters: tuple[GraphCluster, ...] = ()
    direction: Literal["TB", "LR"] = "TB"


Block = Paragraph | BulletList | OrderedList | Table | FieldList | Articles | Diagram

# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Section:
    """A heading with its content and subsections.

    `level` is 1 for chapters. `page` marks where the website starts a new page (chapters and
    entity sections); print writers ignore it. `kind`/`entity_id` say what the section
    describes (e.g. "role", "sales-rep"), for writers that style entity pages and for tests.
    """

    anchor: str
    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    page: bool = False
    kind: str | None = None
    entity_id: str | None = None
    group: str | None = None  # a heading the website may group sibling pages under (a
    # department for roles), so a long chapter's navigation stays short; print ignores it


@dataclass(frozen=True)
class Edition:
    id: str  # "base" or a region id
    name: str  # 全国版, 华东大区 ...
    language: str  # zh-CN, zh-TW or en


@dataclass(frozen=True)
class Revision:
    version: str
    date: str
    effective: str | None
    prepared_by: str | None
    reviewed_by: str | None
    approved_by: str | None


@dataclass(frozen=True)
class Meta:
    """What covers, headers, footers and document properties need; no content."""

    title: str
    organization: str
    doc_number: str
    subtitle: str | None
    owner: str | None
    confidentiality: str | None
    language: str  # BCP 47 tag for lang attributes: zh-CN, zh-TW or en
    edition: Edition
    editions: tuple[Edition, ...]  # every edition of the handbook, for the site's switcher
    current: Revision  # the highest version of the revision log
    first: Revision  # the earliest revision (document creation date)
    labels: tuple[tuple[str, str], ...]  # writer-side strings, already in the edition's script
    role: str | None = None  # set for an onboarding manual
    role_title: str | None = None

    def label(self, key: str) -> str:
        for k, v in self.labels:
            if k == key:
                return v
        raise KeyError(key)


@dataclass(frozen=True)
class Document:
    meta: Meta
    front: tuple[Block, ...]  # shown on the cover / home page, after the title
    sections: tuple[Section, ...] = field(default=())


# --------------------------------------------------------------------------- helpers


def walk_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    """Every section, depth first, in document order."""
    for s in sections:
        yield s
        yield from walk_sections(s.children)


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """The plain text of inline content (for alt text, search, tests)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        else:
            out.append(inline_text(node.children))
    return "".join(out)


def anchors(doc: Document) -> set[str]:
    """Every anchor a Ref may point to: sections and articles."""
    found: set[str] = set()
    for s in walk_sections(doc.sections):
        found.add(s.anchor)
        for b in s.blocks:
            if isinstance(b, Articles):
                found.update(a.anchor for a in b.articles)
    return found


def map_text(node: Any, fn: Callable[[str], str]) -> Any:
    """A copy of `node` with every human-readable string passed through `fn`.

    Used for the Traditional Chinese conversion of a whole edition. Anchors, ids, URLs,
    languages and versions are left alone.
    """
    if isinstance(node, tuple):
        return tuple(map_text(n, fn) for n in node)
    if not is_dataclass(node):
        return node
    changes: dict[str, Any] = {}
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name in _KEEP:
            continue
        if isinstance(value, str):
            changes[f.name] = fn(value)
        elif isinstance(value, tuple) and f.name == "labels":
            changes[f.name] = tuple((k, fn(v)) for k, v in value)
        elif isinstance(value, (tuple,)) or is_dataclass(value):
            changes[f.name] = map_text(value, fn)
    return replace(node, **changes)


_KEEP = frozenset(
    {"anchor", "id", "url", "kind", "language", "version", "date", "effective", "source",
     "target", "group", "shape", "direction", "entity_id", "role", "doc_number", "level"}
)


# Tables of contents (PDF and Word) list sections down to this level: chapters and the
# entities in them. Both print formats use it, so their contents pages list the same entries.
TOC_DEPTH = 2
