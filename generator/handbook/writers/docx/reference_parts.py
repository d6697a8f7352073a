"""The XML of the default reference document: styles, numbering, settings and font table.

This is the one place where the Word file's look is decided. A designer who prefers Word to
XML can instead open `templates/reference.docx`, change the styles there and ship the file in
a handbook's own `templates/` folder; the writer only names styles.

Measures are in twips (1/20 pt): A4 is 11906 × 16838, the margins are Chinese Word's defaults
(2.54 cm top/bottom, 3.17 cm left/right), leaving a text width of 8306.
"""

from __future__ import annotations

FONT = "Noto Sans CJK SC"
FONT_ALT = "微软雅黑"  # Windows' Chinese UI font, where Noto is not installed
MONO = "Noto Sans Mono CJK SC"
INK = "1F3864"  # headings and titles
ACCENT = "2F5496"
GREY = "595959"
RULE = "A6A6A6"
HEAD_FILL = "DCE6F2"
LABEL_FILL = "F2F5FA"

PAGE = {"w": 11906, "h": 16838, "top": 1440, "bottom": 1440, "left": 1800, "right": 1800,
        "header": 851, "footer": 992}
TEXT_WIDTH = PAGE["w"] - PAGE["left"] - PAGE["right"]
STEP = 420  # one list level: two Chinese characters at 10.5 pt

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _fonts(name: str = FONT) -> str:
    return f'<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" w:cs="{name}"/>'


def _para(style_id: str, name: str, body: str, *, based_on: str | None = "Normal",
          next_id: str | None = None, alias: str | None = None, priority: int = 10,
          q_format: bool = True) -> str:
    parts = [f'<w:style w:type="paragraph" w:styleId="{style_id}">',
             f'<w:name w:val="{name}"/>']
    if alias:
        parts.append(f'<w:aliases w:val="{alias}"/>')
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if q_format:
        parts.append("<w:qFormat/>")
    parts.append(body)
    parts.append("</w:style>")
    return "".join(parts)


def _char(style_id: str, name: str, rpr: str, *, alias: str | None = None,
          priority: int = 20) -> str:
    alias_xml = f'<w:aliases w:val="{alias}"/>' if alias else ""
    return (f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'{alias_xml}<w:basedOn w:val="DefaultParagraphFont"/>'
            f'<w:uiPriority w:val="{priority}"/><w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>')


def _bold(color: str, size: int) -> str:
    return (f'<w:rPr><w:b/><w:bCs/><w:color w:val="{color}"/>'
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')


def _heading(level: int, size: int, color: str, before: int, after: int, extra: str = "") -> str:
    border = (f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="{color}"/></w:pBdr>'
              if level == 1 else "")
    page_break = "<w:pageBreakBefore/>" if level == 1 else ""
    return _para(
        f"Heading{level}", f"heading {level}",
        f"<w:pPr><w:keepNext/><w:keepLines/>{page_break}{border}"
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'
        f'<w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/>{extra}<w:color w:val="{color}"/><w:kern w:val="0"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>',
        next_id="BodyText", priority=9,
    )


def _list(style_id: str, name: str, body: str) -> str:
    return _para(style_id, name, body, priority=34)


def _list_styles() -> str:
    out = []
    for n in range(1, 4):
        suffix = "" if n == 1 else f" {n}"
        sid = "" if n == 1 else str(n)
        spacing = '<w:spacing w:before="30" w:after="30"/>'
        out.append(_list(f"ListBullet{sid}", f"List Bullet{suffix}",
                         f'<w:pPr><w:numPr><w:ilvl w:val="{n - 1}"/><w:numId w:val="1"/>'
                         f"</w:numPr>{spacing}</w:pPr>"))
        out.append(_list(f"ListNumber{sid}", f"List Number{suffix}",
                         f'<w:pPr><w:numPr><w:ilvl w:val="{n - 1}"/><w:numId w:val="2"/>'
                         f"</w:numPr>{spacing}</w:pPr>"))
        out.append(_list(f"ListContinue{sid}", f"List Continue{suffix}",
                         f'<w:pPr>{spacing}<w:ind w:left="{STEP * n}"/></w:pPr>'))
    return "".join(out)


def _toc(level: int) -> str:
    indent = f'<w:ind w:left="{STEP * (level - 1)}"/>' if level > 1 else ""
    before = 120 if level == 1 else 0
    bold = "<w:b/><w:bCs/>" if level == 1 else ""
    return _para(
        f"TOC{level}", f"toc {level}",
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH - 10}"/></w:tabs>'
        f'<w:spacing w:before="{before}" w:after="60"/>{indent}<w:jc w:val="left"/></w:pPr>'
        f"<w:rPr>{bold}</w:rPr>",
        next_id="Normal", priority=39, q_format=False,
    )


def _borders(color: str, size: int = 4, inside: bool = True) -> str:
    edges = ["top", "left", "bottom", "right"] + (["insideH", "insideV"] if inside else [])
    cells = "".join(f'<w:{e} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'
                    for e in edges)
    return f"<w:tblBorders>{cells}</w:tblBorders>"


def _no_borders() -> str:
    edges = ["top", "left", "bottom", "right", "insideH", "insideV"]
    return "<w:tblBorders>" + "".join(f'<w:{e} w:val="nil"/>' for e in edges) + "</w:tblBorders>"


def _cell_margins(top: int, side: int) -> str:
    return (f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
            f'<w:bottom w:w="{top}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/>'
            "</w:tblCellMar>")


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W} {R}>
<w:docDefaults>
<w:rPrDefault><w:rPr>{_fonts()}<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/>
<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0"
 w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>
{_para("Normal", "Normal",
       '<w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr>', based_on=None, priority=0)
 .replace('w:styleId="Normal"', 'w:default="1" w:styleId="Normal"')}
{_para("BodyText", "Body Text",
       '<w:pPr><w:spacing w:before="60" w:after="60"/>'
       '<w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr>',
       next_id="BodyText", alias="正文文本", priority=1)}
{_para("Title", "Title",
       '<w:pPr><w:spacing w:before="2800" w:after="360" w:line="240" w:lineRule="auto"/>'
       '<w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>'
       f'<w:rPr><w:b/><w:bCs/><w:color w:val="{INK}"/><w:spacing w:val="20"/><w:kern w:val="0"/>'
       '<w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr>',
       next_id="Subtitle")}
{_para("Subtitle", "Subtitle",
       '<w:pPr><w:spacing w:after="200"/><w:jc w:val="center"/></w:pPr>'
       f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>',
       next_id="BodyText", priority=11)}
{_para("CoverOrganization", "Cover Organization",
       '<w:pPr><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr>'
       f'<w:rPr><w:b/><w:bCs/><w:color w:val="{GREY}"/><w:spacing w:val="20"/>'
       '<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>', alias="封面单位")}
{_para("CoverEdition", "Cover Edition",
       '<w:pPr><w:spacing w:before="120" w:after="2400"/><w:jc w:val="center"/></w:pPr>'
       f'<w:rPr><w:color w:val="{ACCENT}"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>',
       alias="封面版别")}
{_para("CoverLabel", "Cover Label",
       '<w:pPr><w:spacing w:before="40" w:after="40"/><w:jc w:val="right"/></w:pPr>'
       f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>',
       alias="封面项目")}
{_para("CoverValue", "Cover Value",
       '<w:pPr><w:spacing w:before="40" w:after="40"/><w:jc w:val="left"/></w:pPr>'
       '<w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>', alias="封面内容")}
{_para("FrontHeading", "Front Heading",
       '<w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:before="240" w:after="360"/>'
       '<w:jc w:val="center"/></w:pPr>'
       + _bold(INK, 32),
       next_id="BodyText", alias="前置标题")}
{_para("TOCHeading", "TOC Heading",
       '<w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:before="240" w:after="360"/>'
       '<w:jc w:val="center"/></w:pPr>'
       + _bold(INK, 32),
       next_id="Normal", priority=39)}
{_heading(1, 32, INK, 0, 360)}
{_heading(2, 28, INK, 360, 160)}
{_heading(3, 24, ACCENT, 240, 120)}
{_heading(4, 21, GREY, 200, 80)}
{_list_styles()}
{_para("Article", "Article",
       '<w:pPr><w:spacing w:before="60" w:after="60"/>'
       '<w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr>',
       based_on="BodyText", next_id="BodyText", alias="条款")}
{_para("Caption", "caption",
       '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:jc w:val="center"/></w:pPr>'
       + _bold(GREY, 19),
       priority=35)}
{_para("Figure", "Figure",
       '<w:pPr><w:keepNext/><w:spacing w:before="160" w:after="0" w:line="240" w:lineRule="auto"/>'
       '<w:jc w:val="center"/></w:pPr>', alias="图片")}
{_para("TableText", "Table Text",
       '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
       '<w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>',
       alias="表格文字")}
{_para("TableHeading", "Table Heading",
       '<w:pPr><w:keepNext/></w:pPr>'
       f'<w:rPr><w:b/><w:bCs/><w:color w:val="{INK}"/></w:rPr>',
       based_on="TableText", alias="表头")}
{_toc(1)}
{_toc(2)}
{_toc(3)}
{_para("Header", "header",
       f'<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
       f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
       f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:jc w:val="left"/></w:pPr>'
       f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
       priority=99, q_format=False)}
{_para("Footer", "footer",
       f'<w:pPr><w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
       f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:jc w:val="left"/></w:pPr>'
       f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
       priority=99, q_format=False)}
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>
<w:unhideWhenUsed/></w:style>
{_char("Strong", "Strong", "<w:b/><w:bCs/>", priority=22)}
{_char("Emphasis", "Emphasis", f'<w:i/><w:iCs/><w:color w:val="{ACCENT}"/>')}
{_char("Hyperlink", "Hyperlink", '<w:color w:val="0563C1"/><w:u w:val="single"/>', priority=99)}
{_char("InternalLink", "Internal Link",
       f'<w:color w:val="{ACCENT}"/><w:u w:val="dotted" w:color="{ACCENT}"/>', alias="内部链接")}
{_char("VerbatimChar", "Verbatim Char",
       f'{_fonts(MONO)}<w:sz w:val="19"/><w:szCs w:val="19"/>'
       '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>', alias="代码")}
{_char("ArticleNumber", "Article Number",
       f'<w:b/><w:bCs/><w:color w:val="{INK}"/>', alias="条款编号")}
<w:style w:type="table" w:default="1" w:styleId="TableNormal">
<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{_cell_margins(0, 108)}</w:tblPr></w:style>
<w:style w:type="table" w:styleId="HandbookTable">
<w:name w:val="Handbook Table"/><w:aliases w:val="手册表格"/><w:basedOn w:val="TableNormal"/>
<w:uiPriority w:val="59"/><w:qFormat/>
<w:pPr><w:jc w:val="left"/></w:pPr>
<w:tblPr>{_borders(RULE)}{_cell_margins(40, 100)}</w:tblPr>
<w:tcPr><w:vAlign w:val="center"/></w:tcPr>
<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{INK}"/></w:rPr>
<w:tblPr/>
<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/></w:tcPr></w:tblStylePr>
<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/><w:color w:val="{INK}"/></w:rPr>
<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/></w:tcPr>
</w:tblStylePr>
</w:style>
<w:style w:type="table" w:styleId="CoverTable">
<w:name w:val="Cover Table"/><w:aliases w:val="封面表格"/><w:basedOn w:val="TableNormal"/>
<w:uiPriority w:val="60"/>
<w:tblPr><w:jc w:val="center"/>{_no_borders()}{_cell_margins(20, 120)}</w:tblPr>
</w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList">
<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
</w:styles>
"""

# Bullets use Word's own bullet fonts (Symbol/Courier New/Wingdings); LibreOffice maps them to
# OpenSymbol. Numbers follow Chinese usage below the first level: 1. (1) ① a) i.
_BULLETS = [("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings")]
_NUMBERS = [("decimal", "%1."), ("decimal", "(%2)"), ("decimalEnclosedCircle", "%3"),
            ("lowerLetter", "%4)"), ("lowerRoman", "%5."), ("decimal", "%6."),
            ("lowerLetter", "%7)"), ("lowerRoman", "%8."), ("decimal", "%9.")]


def _levels(bullet: bool) -> str:
    out = []
    for i in range(9):
        ind = f'<w:pPr><w:ind w:left="{STEP * (i + 1)}" w:hanging="{STEP}"/></w:pPr>'
        if bullet:
            char, font = _BULLETS[i % 3]
            out.append(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                f'<w:lvlText w:val="{char}"/><w:lvlJc w:val="left"/>{ind}'
                f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
                "</w:lvl>")
        else:
            fmt, text = _NUMBERS[i]
            out.append(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>{ind}</w:lvl>')
    return "".join(out)


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="0"><w:nsid w:val="48B0B001"/>
<w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="48B0B001"/>
<w:name w:val="Handbook Bullets"/>{_levels(True)}</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:nsid w:val="48B0B002"/>
<w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="48B0B002"/>
<w:name w:val="Handbook Numbers"/>{_levels(False)}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>
"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {W} {R}>
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="{STEP}"/>
<w:characterSpacingControl w:val="compressPunctuation"/>
<w:compat><w:doNotExpandShiftReturn/><w:useFELayout/><w:compatSetting w:name="compatibilityMode"
 w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
<w:decimalSymbol w:val="."/>
<w:listSeparator w:val=","/>
</w:settings>
"""


def _font(name: str, alt: str | None, charset: str, family: str, pitch: str, panose: str) -> str:
    alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            f'<w:pitch w:val="{pitch}"/></w:font>')


# altName and the GB2312/Big5 charsets let Word substitute the Windows Chinese fonts when the
# Noto faces are not installed.
FONT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts {W} {R}>
{_font(FONT, FONT_ALT, "86", "swiss", "variable", "020B0503020204020204")}
{_font("Noto Sans CJK TC", "微軟正黑體", "88", "swiss", "variable", "020B0604030504040204")}
{_font(MONO, "Consolas", "86", "modern", "fixed", "020B0609020204030204")}
{_font("Symbol", None, "02", "roman", "variable", "05050102010706020507")}
{_font("Courier New", None, "00", "modern", "fixed", "02070309020205020404")}
{_font("Wingdings", None, "02", "auto", "variable", "05000000000000000000")}
</w:fonts>
"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
 xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<Template>reference.docx</Template><Application>handbook</Application>
<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>
<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>
</Properties>
"""
