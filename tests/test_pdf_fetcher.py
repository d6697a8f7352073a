"""WeasyPrint may read only local files of the handbook and the templates, never the network."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_html import context
from weasyprint.urls import FatalURLFetchingError

from handbook.templates import DEFAULT_TEMPLATES
from handbook.writers.pdf import PdfError, SafeFetcher, UnsafeResourceError, render_pdf, write
from handbook.writers.pdf.page import build_source
from support.trees import small_document

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<rect width="10" height="10" fill="red"/></svg>')


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    handbook = tmp_path / "handbook"
    (handbook / "assets").mkdir(parents=True)
    (handbook / "assets" / "logo.svg").write_bytes(SVG)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    return handbook, outside


def test_serves_files_inside_the_roots_with_their_type(dirs: tuple[Path, Path]) -> None:
    handbook, _ = dirs
    fetcher = SafeFetcher([handbook, DEFAULT_TEMPLATES])
    response = fetcher((handbook / "assets" / "logo.svg").as_uri())
    assert response.read() == SVG
    assert response.content_type == "image/svg+xml"
    css = fetcher((DEFAULT_TEMPLATES / "print" / "print.css").as_uri())
    assert b"@page" in css.read()


def test_serves_data_urls() -> None:
    url = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    assert SafeFetcher([]).fetch(url).read() == SVG


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://example.com/style.css",
    "ftp://example.com/x",
    "file://example.com/etc/passwd",
    "file:///etc/passwd",
])
def test_refuses_the_network_and_foreign_files(url: str, dirs: tuple[Path, Path]) -> None:
    handbook, _ = dirs
    with pytest.raises(UnsafeResourceError):
        SafeFetcher([handbook]).fetch(url)


def test_refuses_escapes_by_dotdot_and_symlink(dirs: tuple[Path, Path]) -> None:
    handbook, outside = dirs
    (handbook / "link.txt").symlink_to(outside / "secret.txt")
    fetcher = SafeFetcher([handbook])
    with pytest.raises(UnsafeResourceError, match="refused to read"):
        fetcher.fetch(handbook.as_uri() + "/assets/../../outside/secret.txt")
    with pytest.raises(UnsafeResourceError, match="refused to read"):
        fetcher.fetch((handbook / "link.txt").as_uri())
    with pytest.raises(UnsafeResourceError, match="not found"):
        fetcher.fetch((handbook / "missing.png").as_uri())


def test_unsafe_error_stops_weasyprint() -> None:
    # WeasyPrint turns ordinary fetch errors into warnings; ours must end the build.
    assert issubclass(UnsafeResourceError, FatalURLFetchingError)


def _override_css(handbook: Path, css: str) -> None:
    own = handbook / "templates" / "print"
    own.mkdir(parents=True, exist_ok=True)
    own.joinpath("print.css").write_text(css, encoding="utf-8")


@pytest.mark.parametrize("css", [
    '@import url("https://example.com/evil.css");',
    'body { background: url("http://example.com/track.png"); }',
    'body { background: url("file:///etc/passwd"); }',
    'body { background: url("../../../outside/secret.txt"); }',
])
def test_a_template_override_cannot_reach_out(css: str, dirs: tuple[Path, Path]) -> None:
    handbook, _ = dirs
    _override_css(handbook, css)
    with pytest.raises(PdfError, match="refused"):
        write(small_document(), handbook / "out.pdf", context(handbook))
    assert not (handbook / "out.pdf").exists()


def test_a_template_override_may_use_its_own_files(dirs: tuple[Path, Path]) -> None:
    handbook, _ = dirs
    # relative url()s resolve against the stylesheet's own folder
    _override_css(handbook, '@page { size: A5; } '
                            'body { background: url("../../assets/logo.svg") no-repeat; }')
    ctx = context(handbook)
    source = build_source(small_document(), ctx)
    assert source.css_path == handbook / "templates" / "print" / "print.css"
    pdf = render_pdf(source, ctx)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5
