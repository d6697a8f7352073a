"""End-to-end builds of the small tree with MkDocs + mkdocs-material: pages, ids, links,
offline safety, Chinese search, reproducibility, the handbook's own mkdocs.yml, and the
landing page."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from handbook import paths
from handbook import tree as t
from handbook.chinese import to_traditional
from handbook.templates import TemplateSet
from handbook.writers.context import WriterContext
from handbook.writers.site import SiteBuildError, SiteConfigError, write, write_landing
from handbook.writers.site.build import prepare, run_mkdocs
from handbook.writers.site.config import handbook_settings
from support.trees import ref_anchors, small_document

NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
CONTENT_LINKS = {"https://example.com/"}
TIMES: dict[str, float] = {}


def make_ctx(root: Path, handbook_dir: Path | None = None,
             formats: tuple[str, ...] = ("site", "pdf", "docx")) -> WriterContext:
    hb = handbook_dir or root / "handbook"
    hb.mkdir(parents=True, exist_ok=True)
    return WriterContext(handbook_dir=hb, templates=TemplateSet(hb), out_root=root / "out",
                         work_dir=root / "work", formats=formats)


def build(doc: t.Document, ctx: WriterContext) -> Path:
    dest = ctx.out_root / paths.artifact_path(doc.meta, "site")
    start = time.perf_counter()
    write(doc, dest, ctx)
    TIMES[f"{doc.meta.edition.id}"] = time.perf_counter() - start
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(small_document(), make_ctx(tmp_path_factory.mktemp("site")))


@pytest.fixture(scope="module")
def site_tw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = to_traditional(small_document("zh-TW", "hkmo"))
    return build(doc, make_ctx(tmp_path_factory.mktemp("site-tw")))


class Page(HTMLParser):
    """Ids, links and resource references of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.stack: list[str] = []
        self.in_article = 0
        self.article_links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "article":
            self.in_article += 1
        for k in ("href", "src", "xlink:href", "action", "poster", "data"):
            if k in a:
                self.links.append((tag, k, a[k]))
                if self.in_article and tag == "a":
                    self.article_links.append(a[k])

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1


def parse(file: Path) -> Page:
    p = Page()
    p.feed(file.read_text(encoding="utf-8"))
    return p


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --------------------------------------------------------------------------- structure


def test_every_page_is_built_with_its_anchor_as_heading_id(site: Path) -> None:
    doc = small_document()
    for s in t.walk_sections(doc.sections):
        if s.page:
            rel = "index.html" if s.level == 1 else f"{s.anchor}.html"
            chapter = next(c for c in doc.sections if s in t.walk_sections((c,)))
            file = site / chapter.anchor / rel
            assert file.is_file(), file
            assert s.anchor in parse(file).ids
    rule = parse(site / "rules" / "rule-anti-cross-selling.html")
    assert {"rule-anti-cross-selling-1", "rule-anti-cross-selling-2"} <= rule.ids
    assert (site / "index.html").is_file() and (site / "search/search_index.json").is_file()
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()


def test_nav_tabs_follow_the_tree(site: Path) -> None:
    html = (site / "roles" / "role-sales-rep.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', html)
    assert tabs == ["首页", "前言", "组织架构与部门职能", "岗位说明书", "业务流程", "管理制度",
                    "考核指标", "修订记录"]
    nav = re.findall(r'<a href="([^"]+)" class="md-nav__link', html)
    assert "role-director.html" in nav and "../kpis/index.html" in nav
    # navigation.prune: a role page lists its own chapter's pages, not other chapters'
    assert "../kpis/kpi-collection.html" not in nav


def test_every_relative_link_resolves(site: Path) -> None:
    out_root = site.parent.parent
    pages = {f: parse(f) for f in html_files(site)}
    for file, page in pages.items():
        for tag, attr, value in page.links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue
            target = (file.parent / unquote(parts.path)).resolve() if parts.path else file
            if not str(target).startswith(str(site)):
                # downloads and other editions live next to the site folder
                rel = target.relative_to(out_root.resolve()).as_posix()
                assert rel.startswith(("downloads/base/", "editions/")), (file, value)
                continue
            assert target.exists(), f"{file.relative_to(site)}: broken {tag} {attr}={value}"
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                assert parts.fragment in ids, f"{file.relative_to(site)}: no #{parts.fragment}"


def test_every_ref_of_the_tree_is_a_working_link(site: Path) -> None:
    refs = ref_anchors(small_document())
    found = {urlsplit(h).fragment for f in html_files(site) for h in parse(f).article_links}
    assert refs and refs <= found
    # the org chart links its boxes to the role pages
    org = (site / "departments" / "index.html").read_text(encoding="utf-8")
    assert 'xlink:href="../roles/role-director.html#role-director"' in org


def test_downloads_and_edition_switcher(site: Path, tmp_path: Path) -> None:
    html = (site / "roles" / "role-sales-rep.html").read_text(encoding="utf-8")
    assert 'href="../../../downloads/base/HX-YX-001-v1.1.pdf"' in html
    assert 'href="../../../downloads/base/HX-YX-001-v1.1.docx"' in html
    assert 'href="../../east/index.html"' in html and 'href="../../hkmo/index.html"' in html
    # only formats built in this run are offered
    only_site = build(small_document(), make_ctx(tmp_path, formats=("site", "pdf")))
    html = (only_site / "index.html").read_text(encoding="utf-8")
    assert "HX-YX-001-v1.1.pdf" in html and ".docx" not in html


# --------------------------------------------------------------------------- offline


def test_nothing_is_fetched_from_the_internet(site: Path) -> None:
    for file in html_files(site):
        page = parse(file)
        for tag, attr, value in page.links:
            if urlsplit(value).scheme in ("http", "https") or value.startswith("//"):
                assert tag == "a" and value in CONTENT_LINKS and value in page.article_links, (
                    f"{file.relative_to(site)}: external {tag} {attr}={value}")
        text = file.read_text(encoding="utf-8")
        for url in re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[a-z]{2,}[^\s\"'<>)]*", text):
            assert url.startswith(tuple(NAMESPACES)) or url in CONTENT_LINKS, (file, url)
    for css in site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8"))
        assert all(not re.match(r"(https?:)?//", u) for u in urls), (css, urls)
        assert "@import" not in css.read_text(encoding="utf-8")
    for js in site.rglob("*.js"):
        text = js.read_text(encoding="utf-8")
        for host in ("unpkg.com", "api.github.com", "googleapis.com", "gstatic.com",
                     "jsdelivr", "cdnjs"):
            assert host not in text, (js, host)
    assert not list(site.rglob("*.map"))


def test_output_has_no_local_paths(site: Path) -> None:
    for f in site.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".json", ".js", ".css"):
            text = f.read_text(encoding="utf-8")
            assert "/tmp/" not in text and str(site) not in text, f


def test_same_tree_gives_identical_files(site: Path, tmp_path: Path) -> None:
    again = build(small_document(), make_ctx(tmp_path))
    mine = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert mine.keys() == theirs.keys()
    assert [k for k in mine if mine[k] != theirs[k]] == []


# --------------------------------------------------------------------------- search


def _index(site: Path) -> dict[str, object]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _words(site: Path, location: str) -> set[str]:
    docs = [d for d in _index(site)["docs"] if d["location"] == location]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    return set(re.split(r"[\s\u200b\u3000\-、。，．？！；]+", re.sub(r"<[^>]+>", " ", text)))


def test_search_index_is_segmented_with_jieba(site: Path) -> None:
    words = _words(site, "rules/rule-anti-cross-selling.html")
    # words from inside a sentence are tokens of their own
    assert {"倾销", "低价", "经销商", "区域", "上报"} <= words
    # a word jieba does not know falls apart into searchable characters, not "货应"
    assert {"窜", "货"} <= words and "货应" not in words
    config = _index(site)["config"]
    assert "\\u200b" in config["separator"]


def test_traditional_edition_is_segmented_too(site_tw: Path) -> None:
    words = _words(site_tw, "rules/rule-anti-cross-selling.html")
    assert {"傾銷", "低價", "經銷商", "區域", "上報"} <= words
    html = (site_tw / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-TW"' in html and "銷售管理手冊" in html


# --------------------------------------------------------------------------- safety


EVIL = "</title><script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))"


def test_untrusted_text_never_becomes_markup(tmp_path: Path) -> None:
    doc = t.map_text(small_document(), lambda s: s + EVIL)
    doc = replace(doc, meta=replace(doc.meta, labels=small_document().meta.labels))
    out = build(doc, make_ctx(tmp_path))
    clean = {f.relative_to(out): parse(f) for f in html_files(out)}
    for rel, page in clean.items():
        assert "img" not in page.tags, rel
        assert page.tags.count("script") <= 4, rel  # the theme's own scripts only
        assert all(not v.lower().startswith("javascript") for _, _, v in page.links), rel
        text = (out / rel).read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, rel


def test_strict_build_fails_on_a_broken_link(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path)
    doc = small_document()
    dest = ctx.out_root / "editions" / "base"
    prepared = prepare(doc, dest, ctx)
    assert not prepared.sandbox  # our own templates need no sandbox
    config_file = prepared.config_file
    page = config_file.parent / "docs" / "roles" / "role-director.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](role-sales-rep.md#nowhere)\n",
                    encoding="utf-8")
    with pytest.raises(SiteBuildError, match="nowhere"):
        run_mkdocs(config_file, doc, sandbox=prepared.sandbox)


# --------------------------------------------------------------------------- mkdocs.yml


def test_handbook_mkdocs_yml_is_merged(tmp_path: Path) -> None:
    hb = tmp_path / "hb"
    (hb / "img").mkdir(parents=True)
    (hb / "img" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (hb / "mkdocs.yml").write_text(
        "site_name: ignored\n"
        "theme:\n  name: material\n  palette: {primary: teal, accent: amber}\n"
        "  logo: img/logo.svg\n  features: [navigation.instant, navigation.expand]\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "copyright: '<b>华夏</b> 2025'\n", encoding="utf-8")
    out = build(small_document(), make_ctx(tmp_path, handbook_dir=hb))
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="teal"' in html and 'data-md-color-accent="amber"' in html
    assert (out / "assets" / "handbook" / "own" / "logo.svg").is_file()
    assert "&lt;b&gt;华夏&lt;/b&gt; 2025" in html and "<b>华夏" not in html
    assert "<title>销售管理手册</title>" in html
    cfg = (tmp_path / "work" / "site" / "editions" / "base" / "mkdocs.yml").read_text()
    assert "navigation.instant" in cfg and "navigation.expand" not in cfg
    assert "pymdownx.emoji" not in cfg


@pytest.mark.parametrize(("yml", "message"), [
    ("hooks: [evil.py]\n", "'hooks' is not supported: hooks run Python code"),
    ("plugins: [search, evil]\n", "'plugins' is not supported"),
    ("theme: {font: {text: Roboto}}\n", "'theme.font' is not supported: web fonts"),
    ("theme: {logo: 'https://cdn.example.com/x.png'}\n", "file inside the handbook folder"),
    ("theme: {logo: '../outside.png'}\n", "not a file inside the handbook folder"),
    ("extra: {analytics: {provider: google}}\n", "'extra.analytics'"),
    ("extra:\n  x: !!python/name:os.system\n", "!!python/name:os.system would import"),
    ("repo_url: https://github.com/x/y\n", "fetch repository facts"),
    ("extra_css: [https://cdn.example.com/a.css]\n", "inside the handbook folder"),
    ("site_dirr: x\n", "unknown setting"),
    ("extra_css: [remote.css]\n", "remote.css:2: error: the site is offline"),
    ("theme: !!python/object/apply:os.system [ls]\n", "mkdocs.yml:1:8: error"),
    ("theme: [unclosed\n", "mkdocs.yml:2:1: error"),
])
def test_unsafe_mkdocs_yml_is_refused(tmp_path: Path, yml: str, message: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(yml, encoding="utf-8")
    (tmp_path / "remote.css").write_text("a{}\nb{background:url( 'https://x.cn/a.png')}\n")
    with pytest.raises(SiteConfigError, match=re.escape(message)):
        handbook_settings(tmp_path, tmp_path / "docs")


# --------------------------------------------------------------------------- landing


def test_landing_page_lists_every_edition(tmp_path: Path) -> None:
    docs = [small_document("zh-CN", "base"), small_document("zh-CN", "east"),
            to_traditional(small_document("zh-TW", "hkmo"))]
    evil = replace(docs[0], meta=replace(docs[0].meta, subtitle=EVIL))
    pdf = tmp_path / paths.artifact_path(docs[0].meta, "pdf")
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF")
    write_landing([evil, *docs[1:]], tmp_path)
    page = parse(tmp_path / "index.html")
    hrefs = [v for tag, _, v in page.links if tag == "a"]
    assert "editions/base/index.html" in hrefs and "editions/east/index.html" in hrefs
    assert "editions/hkmo/index.html" in hrefs
    assert hrefs.count("downloads/base/HX-YX-001-v1.1.pdf") == 1  # only files that exist
    assert not any(h.endswith(".docx") for h in hrefs)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "港澳大區" in html and "<script" not in html and "http" not in html
    assert "&lt;script&gt;" in html


def test_report_build_time(site: Path, site_tw: Path) -> None:
    # not an assertion on speed (shared machine); printed with -s for the record
    print(f"\nsmall tree site build: {TIMES}")
    assert TIMES["base"] < 30


# --------------------------------------------------------------------------- templates


def test_handbook_template_override_is_used_in_a_sandbox(tmp_path: Path) -> None:
    hb = tmp_path / "hb"
    (hb / "templates" / "site").mkdir(parents=True)
    override = hb / "templates" / "site" / "main.html"
    override.write_text('{% extends "base.html" %}{% block content %}'
                        '<p class="own-banner">{{ config.extra.handbook.edition }}</p>'
                        '{{ super() }}{% endblock %}', encoding="utf-8")
    out = build(small_document(), make_ctx(tmp_path, handbook_dir=hb))
    assert '<p class="own-banner">全国版</p>' in (out / "index.html").read_text(encoding="utf-8")

    override.write_text('{% extends "base.html" %}{% block content %}'
                        "{{ ''.__class__.__mro__[1].__subclasses__() }}{% endblock %}",
                        encoding="utf-8")
    with pytest.raises(SiteBuildError, match="template error.*unsafe"):
        build(small_document(), make_ctx(tmp_path, handbook_dir=hb))
