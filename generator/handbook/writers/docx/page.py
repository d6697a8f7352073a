"""Page furniture and document-wide settings: headers, footers, field update, language.

The page size and margins are the reference document's; headers and footers take their look
from its "header" and "footer" styles (tab stops for the right-aligned part included).
"""

from __future__ import annotations

import contextlib
import re

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ... import tree as t
from .body import BodyBuilder, Layout
from .fields import field
from .ooxml import Element, make, q, sub
from .reference_parts import PAGE

# settings.xml children that come after w:updateFields / w:themeFontLang in schema order
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                        "rsids", "mathPr", "attachedSchema", "themeFontLang",
                        "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions",
                        "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                        "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
_AFTER_THEME_FONT_LANG = _AFTER_UPDATE_FIELDS[_AFTER_UPDATE_FIELDS.index("themeFontLang") + 1:]
_W_NS = q("w:p").split("}")[0] + "}"

# Simplified-Chinese faces and their Traditional counterparts, for zh-TW editions
TRADITIONAL_FONTS = {
    "Noto Sans CJK SC": "Noto Sans CJK TC", "Noto Serif CJK SC": "Noto Serif CJK TC",
    "Noto Sans Mono CJK SC": "Noto Sans Mono CJK TC", "Source Han Sans SC": "Source Han Sans TC",
    "Source Han Serif SC": "Source Han Serif TC", "微软雅黑": "微軟正黑體",
    "Microsoft YaHei": "Microsoft JhengHei", "Microsoft YaHei UI": "Microsoft JhengHei UI",
    "宋体": "新細明體", "SimSun": "PMingLiU", "黑体": "微軟正黑體", "SimHei": "Microsoft JhengHei",
    "等线": "微軟正黑體", "DengXian": "Microsoft JhengHei", "仿宋": "標楷體",
    "FangSong": "DFKai-SB",
    "楷体": "標楷體", "KaiTi": "DFKai-SB",
}
_FONT_ATTRS = tuple(q(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def layout(document: DocxDocument) -> Layout:
    """The text area of the reference's first section; A4 defaults where it says nothing."""
    section = document.sections[0]

    def twips(value: object, default: int) -> int:
        return value.twips if value is not None else default  # type: ignore[attr-defined]

    width = twips(section.page_width, PAGE["w"])
    height = twips(section.page_height, PAGE["h"])
    text_width = width - twips(section.left_margin, PAGE["left"]) - twips(
        section.right_margin, PAGE["right"])
    text_height = height - twips(section.top_margin, PAGE["top"]) - twips(
        section.bottom_margin, PAGE["bottom"])
    return Layout(max(text_width, 1440), max(text_height, 1440))


def _before_successor(parent: Element, child: Element, successors: tuple[str, ...]) -> None:
    """Insert `child` in schema order: before the first successor or foreign element."""
    names = {q(f"w:{s}") for s in successors}
    for existing in parent:
        if not isinstance(existing.tag, str):
            continue
        if existing.tag in names or not existing.tag.startswith(_W_NS):
            existing.addprevious(child)
            return
    parent.append(child)


def update_fields_on_open(document: DocxDocument) -> None:
    """Ask Word to refresh the TOC and page references when the file is opened."""
    settings = document.settings.element
    for old in settings.findall(q("w:updateFields")):
        settings.remove(old)
    _before_successor(settings, make("w:updateFields", {"w:val": "true"}), _AFTER_UPDATE_FIELDS)


def apply_language(document: DocxDocument, language: str) -> None:
    """w:lang in the document defaults and settings; Traditional fonts for zh-TW."""
    east_asia = language if language in ("zh-CN", "zh-TW") else "zh-CN"
    styles = document.styles.element
    defaults = styles.find(q("w:docDefaults"))
    if defaults is None:
        defaults = make("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(q("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = make("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(q("w:rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "w:rPr")
    lang = rpr.find(q("w:lang"))
    if lang is None:
        lang = make("w:lang")
        _before_successor(rpr, lang, ("eastAsianLayout", "specVanish", "oMath"))
    lang.set(q("w:val"), "en-US")
    lang.set(q("w:eastAsia"), east_asia)

    settings = document.settings.element
    theme_lang = settings.find(q("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = make("w:themeFontLang", {"w:val": "en-US"})
        _before_successor(settings, theme_lang, _AFTER_THEME_FONT_LANG)
    theme_lang.set(q("w:eastAsia"), east_asia)

    if east_asia == "zh-TW":
        roots = [styles]
        with contextlib.suppress(KeyError):  # a reference without list numbering
            roots.append(document.part.part_related_by(RT.NUMBERING).element)
        for root in roots:
            for fonts in root.iter(q("w:rFonts")):
                for attr in _FONT_ATTRS:
                    name = fonts.get(attr)
                    if name in TRADITIONAL_FONTS:
                        fonts.set(attr, TRADITIONAL_FONTS[name])


def _replace_content(story: Element, paragraphs: list[Element]) -> None:
    for child in list(story):
        story.remove(child)
    for p in paragraphs:
        story.append(p)


def headers_and_footers(document: DocxDocument, b: BodyBuilder, meta: t.Meta) -> None:
    """Title and document number above, version and "page X of Y" below; a bare cover."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for story in (section.first_page_header, section.first_page_footer):
        story.is_linked_to_previous = False
        _replace_content(story._element, [make("w:p")])

    left = meta.title
    if meta.role_title:
        left += " · " + meta.role_title
    elif meta.edition.id != "base":
        left += " · " + meta.edition.name
    header = make("w:p")
    header_p = _styled(b, header, "header")
    b.runs(header_p, f"{left}\t\t{meta.doc_number}", ())
    section.header.is_linked_to_previous = False
    _replace_content(section.header._element, [header])

    footer = make("w:p")
    _styled(b, footer, "footer")
    version = f"{meta.label('version')} {meta.current.version}"
    if meta.confidentiality:
        version += f"\u3000{meta.label('confidentiality')}{'：' if b.zh else ': '}"
        version += meta.confidentiality
    b.runs(footer, version + "\t\t", ())
    for piece in re.split(r"(\{page\}|\{pages\})", meta.label("page_x_of_y")):
        if piece == "{page}":
            field(footer, " PAGE ", "1")
        elif piece == "{pages}":
            field(footer, " NUMPAGES ", "1")
        elif piece:
            b.runs(footer, piece, ())
    section.footer.is_linked_to_previous = False
    _replace_content(section.footer._element, [footer])


def _styled(b: BodyBuilder, p: Element, style: str) -> Element:
    ppr = sub(p, "w:pPr")
    sub(ppr, "w:pStyle", {"w:val": b.ids[style]})
    return p
