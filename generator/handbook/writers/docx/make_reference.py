"""Build the default `templates/reference.docx` reproducibly.

    python -m handbook.writers.docx.make_reference [OUT]

python-docx's blank document is the container; its styles, numbering, settings and font table
are replaced by `reference_parts`, unneeded parts (thumbnail, customXml, stylesWithEffects) are
dropped, and a short specimen body shows every style, so that someone restyling the file in
Word sees what each style is for. The writer discards the specimen and keeps the section
properties (A4, margins). `tests/test_docx_reference.py` fails when the committed file is stale.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Twips

from ...templates import DEFAULT_TEMPLATES
from . import reference_parts as parts
from .package import save_normalized

_DROP_RELS = {
    RT.CUSTOM_XML,
    RT.THUMBNAIL,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}


def _drop_unwanted(document: DocxDocument) -> None:
    for rels in (document.part.rels, document.part.package.rels):
        for rId in [rId for rId, rel in rels.items() if rel.reltype in _DROP_RELS]:
            del rels[rId]


def _replace_parts(document: DocxDocument) -> None:
    part = document.part
    part._styles_part._element = parse_xml(parts.STYLES.encode())
    part.numbering_part._element = parse_xml(parts.NUMBERING.encode())
    part._settings_part._element = parse_xml(parts.SETTINGS.encode())
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = parts.FONT_TABLE.encode()
        elif rel.reltype == RT.THEME:
            theme = rel.target_part
            blob = theme.blob.decode()
            # the theme's East Asian fonts show as 中文正文/中文标题 in Word's font list
            blob = blob.replace('script="Hans" typeface="宋体"',
                                f'script="Hans" typeface="{parts.FONT}"')
            theme._blob = blob.encode()
    for rel in part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = parts.APP.encode()


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    page = parts.PAGE
    section.page_width, section.page_height = Twips(page["w"]), Twips(page["h"])
    section.top_margin, section.bottom_margin = Twips(page["top"]), Twips(page["bottom"])
    section.left_margin, section.right_margin = Twips(page["left"]), Twips(page["right"])
    section.header_distance, section.footer_distance = Twips(page["header"]), Twips(page["footer"])
    section.gutter = Twips(0)
    sect_pr = section._sectPr
    for name in list(sect_pr.attrib):
        if "rsid" in name:
            del sect_pr.attrib[name]


def _specimen(document: DocxDocument) -> None:
    """A page of sample content in every style the writer names."""
    add = document.add_paragraph
    add("标题 Title", style="Title")
    add("副标题 Subtitle", style="Subtitle")
    add("编制单位 Cover Organization", style="Cover Organization")
    add("版别 Cover Edition", style="Cover Edition")
    add("文件控制 Front Heading", style="Front Heading")
    add("目录 TOC Heading", style="TOC Heading")
    add("一级标题 TOC 1", style="toc 1")
    add("二级标题 TOC 2", style="toc 2")
    add("三级标题 TOC 3", style="toc 3")
    for level in (1, 2, 3, 4):
        add(f"{level} 级标题 Heading {level}", style=f"Heading {level}")
        add("正文文本（Body Text）：本样式用于手册正文段落，首行缩进两个字符。"
            "修改样式即可改变全部文档的外观。", style="Body Text")
    for style in ("List Bullet", "List Bullet 2", "List Bullet 3",
                  "List Number", "List Number 2", "List Number 3",
                  "List Continue", "List Continue 2", "List Continue 3"):
        add(f"{style}：列表样式", style=style)
    p = add("", style="Article")
    p.add_run("第一条", style="Article Number")
    p.add_run("\u3000条款（Article）：制度条款正文。")
    p = add("正文中的", style="Body Text")
    p.add_run("加粗", style="Strong")
    p.add_run("、")
    p.add_run("强调", style="Emphasis")
    p.add_run("、")
    p.add_run("内部链接", style="Internal Link")
    p.add_run("、")
    p.add_run("外部链接", style="Hyperlink")
    p.add_run(" 与 ")
    p.add_run("code()", style="Verbatim Char")
    p.add_run("。")
    add("表 题注 Caption", style="Caption")
    table = document.add_table(rows=3, cols=2, style="Handbook Table")
    for r, (a, b) in enumerate([("表头 Table Heading", "表头"), ("表格文字 Table Text", "内容"),
                                ("第二行", "内容")]):
        for c, text in enumerate((a, b)):
            cell = table.cell(r, c)
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = document.styles["Table Heading" if r == 0 else "Table Text"]
    add("图片 Figure", style="Figure")
    cover = document.add_table(rows=1, cols=2, style="Cover Table")
    cover.cell(0, 0).paragraphs[0].text = "封面项目 Cover Label"
    cover.cell(0, 0).paragraphs[0].style = document.styles["Cover Label"]
    cover.cell(0, 1).paragraphs[0].text = "封面内容 Cover Value"
    cover.cell(0, 1).paragraphs[0].style = document.styles["Cover Value"]
    add("页眉 Header", style="Header")
    add("页脚 Footer", style="Footer")


def build_reference() -> bytes:
    """The reference document as .docx bytes; the same bytes on every run."""
    document = docx.Document()
    _drop_unwanted(document)
    _replace_parts(document)
    _page_setup(document)
    _specimen(document)
    props = document.core_properties
    props.title = "Handbook reference document"
    props.subject = "Styles for the Word edition of the handbook"
    props.author = props.last_modified_by = "handbook"
    props.comments = "Edit the styles, not the text: the writer replaces the body."
    props.keywords = props.category = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return save_normalized(document)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_TEMPLATES / "reference.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_reference())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
