"""Small WordprocessingML helpers: element construction, safe text, twips and EMUs.

The body is built with lxml directly (not through python-docx's proxies) so that a long
handbook costs linear time; these helpers keep that code short and the escaping in one place.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

Element = etree._Element

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
EMU_PER_TWIP = 635

# XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF; untrusted text may
# contain them, and lxml would refuse the whole document.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_QN: dict[str, str] = {}


def q(tag: str) -> str:
    """`w:p` → Clark name, cached (qn splits the prefix on every call)."""
    name = _QN.get(tag)
    if name is None:
        name = _QN[tag] = qn(tag)
    return name


def clean(text: str) -> str:
    """Text safe for XML: illegal characters dropped."""
    return _ILLEGAL.sub("", text)


def make(tag: str, attrs: dict[str, str] | None = None) -> Element:
    """A detached element; its namespace is reconciled when it is appended to the tree."""
    elm = OxmlElement(tag)
    if attrs:
        for key, value in attrs.items():
            elm.set(q(key), value)
    return elm


def sub(parent: Element, tag: str, attrs: dict[str, str] | None = None) -> Element:
    """A child element appended to `parent`."""
    elm = etree.SubElement(parent, q(tag))
    if attrs:
        for key, value in attrs.items():
            elm.set(q(key), value)
    return elm


def val(parent: Element, tag: str, value: str) -> Element:
    """A child like `<w:pStyle w:val="..."/>`."""
    return sub(parent, tag, {"w:val": value})


def text_elm(parent: Element, text: str) -> Element:
    """A `w:t` that keeps leading/trailing spaces."""
    t = sub(parent, "w:t")
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")
    return t


def twips_to_emu(twips: int) -> int:
    return twips * EMU_PER_TWIP
