"""The default reference document is built reproducibly and is up to date."""

from __future__ import annotations

import docx
from lxml import etree

from handbook.templates import DEFAULT_TEMPLATES
from handbook.writers.docx import reference_parts as parts
from handbook.writers.docx.make_reference import build_reference

REFERENCE = DEFAULT_TEMPLATES / "reference.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_committed_reference_is_what_the_script_builds() -> None:
    built = build_reference()
    assert built == build_reference(), "two builds of the reference differ"
    assert REFERENCE.read_bytes() == built, (
        "templates/reference.docx is stale: run "
        "`.venv/bin/python -m handbook.writers.docx.make_reference`")


def test_reference_page_is_a4_with_chinese_default_margins() -> None:
    section = docx.Document(str(REFERENCE)).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert (section.left_margin.twips, section.right_margin.twips) == (1800, 1800)
    assert (section.top_margin.twips, section.bottom_margin.twips) == (1440, 1440)


def test_reference_defaults_are_east_asian() -> None:
    styles = docx.Document(str(REFERENCE)).styles.element
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == parts.FONT
    assert rpr.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    # no theme font attributes that would override the explicit fonts
    assert not [k for f in styles.iter(f"{W}rFonts") for k in f.attrib if "Theme" in k]


def test_reference_body_is_a_specimen_of_its_styles() -> None:
    document = docx.Document(str(REFERENCE))
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Body Text", "List Bullet", "Article"} <= used
    xml = etree.tostring(document.element).decode()
    assert "rsid" not in xml
