"""Which section goes on which page of the website, and the navigation between them.

A section with `page=True` becomes its own Markdown file: a chapter (or any page that has
pages below it) becomes a folder with an `index.md`, any other page a file in its parent's
folder. Sections with `page=False` stay on their parent's page as headings. The result maps
every anchor of the tree to the page that shows it, so a `Ref` becomes a relative link.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from ... import tree as t

HOME = "index.md"
# Names MkDocs or the site itself uses at the root of the output folder.
_RESERVED = frozenset({"index", "assets", "search", "404", "sitemap", "hb"})
_ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


class SitePlanError(ValueError):
    """The tree cannot be laid out as a website (a bug in the builder, not in content)."""


@dataclass
class Page:
    """One Markdown file: `section` is None for the home page."""

    path: str  # POSIX path relative to docs_dir, e.g. "roles/role-sales-rep.md"
    title: str
    section: t.Section | None
    children: list[Page] = field(default_factory=list)

    @property
    def html_path(self) -> str:
        """Where MkDocs writes it (use_directory_urls is off, so file:// browsing works)."""
        return self.path[: -len(".md")] + ".html"


@dataclass
class SitePlan:
    home: Page
    chapters: list[Page]  # top-level pages in tree order (the home page not included)
    page_of: dict[str, Page]  # anchor -> the page showing it
    title_of: dict[str, str]  # anchor -> section title or article number

    def pages(self) -> list[Page]:
        """Every page, home first, then depth first in tree order."""
        out = [self.home]

        def visit(p: Page) -> None:
            out.append(p)
            for c in p.children:
                visit(c)

        for c in self.chapters:
            visit(c)
        return out

    def md_link(self, anchor: str, from_page: Page) -> str:
        """A link from one Markdown page to an anchor, as MkDocs expects it (to the .md)."""
        return self._link(anchor, from_page, html=False)

    def md_link_to_page(self, target: Page, from_page: Page) -> str:
        return posixpath.relpath(target.path, posixpath.dirname(from_page.path) or ".")

    def html_link(self, anchor: str, from_page: Page) -> str:
        """The same link in final HTML form, for raw HTML that MkDocs does not rewrite."""
        return self._link(anchor, from_page, html=True)

    def _link(self, anchor: str, from_page: Page, html: bool) -> str:
        target = self._target(anchor)
        if target is from_page:
            return "#" + anchor
        to, here = (target.html_path, from_page.html_path) if html else (target.path,
                                                                          from_page.path)
        return f"{posixpath.relpath(to, posixpath.dirname(here) or '.')}#{anchor}"

    def _target(self, anchor: str) -> Page:
        try:
            return self.page_of[anchor]
        except KeyError:
            raise SitePlanError(f"reference to unknown anchor {anchor!r}") from None


def _slug(anchor: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", anchor).strip("-").lower() or "page"
    if base in _RESERVED:
        base += "-page"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def check_anchor(anchor: str) -> str:
    """Anchors become HTML ids and file names; refuse anything outside a safe alphabet."""
    if not _ANCHOR.match(anchor):
        raise SitePlanError(f"anchor {anchor!r} is not a valid id ([A-Za-z0-9_.:-])")
    return anchor


def plan(doc: t.Document) -> SitePlan:
    """Lay the tree out as pages; raises SitePlanError on duplicate or malformed anchors."""
    home = Page(HOME, doc.meta.label("home"), None)
    page_of: dict[str, Page] = {}
    title_of: dict[str, str] = {}
    taken: dict[str, set[str]] = {"": set()}

    def claim(anchor: str, page: Page, title: str) -> None:
        check_anchor(anchor)
        if anchor in page_of:
            raise SitePlanError(f"duplicate anchor {anchor!r}")
        page_of[anchor] = page
        title_of[anchor] = title

    def has_pages(s: t.Section) -> bool:
        return any(c.page or has_pages(c) for c in s.children)

    def place(s: t.Section, current: Page, folder: str, top: bool) -> list[Page]:
        """Claim `s` and its subtree; returns the new pages directly below `current`."""
        new: list[Page] = []
        if s.page:
            names = taken.setdefault(folder, set())
            slug = _slug(s.anchor, names)
            if top or has_pages(s):
                sub = posixpath.join(folder, slug)
                page = Page(posixpath.join(sub, "index.md"), s.title, s)
                taken.setdefault(sub, {"index"})
            else:
                sub = folder
                page = Page(posixpath.join(folder, slug + ".md"), s.title, s)
            new.append(page)
            current, folder = page, sub
        claim(s.anchor, current, s.title)
        for b in s.blocks:
            if isinstance(b, t.Articles):
                for a in b.articles:
                    claim(a.anchor, current, a.number)
        for c in s.children:
            below = place(c, current, folder, False)
            if s.page:
                current.children.extend(below)
            else:
                new.extend(below)
        return new

    chapters: list[Page] = []
    taken[""] = set(_RESERVED)
    for s in doc.sections:
        below = place(s, home, "", True)
        chapters.extend(below)
    return SitePlan(home=home, chapters=chapters, page_of=page_of, title_of=title_of)


# A chapter with more pages than this lists them under their sections' `group` (roles under
# their department): MkDocs writes the active part of the navigation into every page, so a
# flat list of 1,500 roles would make every role page carry 1,500 links (engine-facts).
NAV_GROUP_MIN = 30


def nav(site: SitePlan) -> list[object]:
    """The MkDocs `nav`: home, then one group per chapter whose first entry is its index."""

    def entry(p: Page) -> object:
        if not p.children:
            return {p.title: p.path}
        return {p.title: [{p.title: p.path}, *grouped(p.children)]}

    def grouped(children: list[Page]) -> list[object]:
        groups = [c.section.group if c.section else None for c in children]
        if len(children) <= NAV_GROUP_MIN or None in groups:
            return [entry(c) for c in children]
        out: list[object] = []
        for i, child in enumerate(children):  # consecutive runs: the tree's order is kept
            if i == 0 or groups[i] != groups[i - 1]:
                out.append({groups[i]: []})
            list(out[-1].values())[0].append(entry(child))  # type: ignore[union-attr]
        return out

    return [{site.home.title: site.home.path}, *(entry(c) for c in site.chapters)]
