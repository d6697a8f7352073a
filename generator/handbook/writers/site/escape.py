"""Escaping of untrusted text for the Markdown that MkDocs renders.

Content is untrusted: every character that Python-Markdown (with the extensions the site
enables) could read as markup is escaped, `<` and `&` become entities so no raw HTML can
pass through, and control characters are dropped because Python-Markdown uses STX/ETX as
placeholders for stashed HTML.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

# Characters with a meaning anywhere in a line (emphasis, code, links, attribute lists, table
# cells). All are in Python-Markdown's ESCAPED_CHARS (`|` is added by the tables extension);
# escaping any other character would leave a visible backslash. Characters that only mean
# something at the start of a line (# - + 1.) are handled by `guard_line`.
_BACKSLASHED = frozenset("\\`*_{}[]!|")
_LINE_START = re.compile(r"^(\s*)(?:([#+-])|(=)|(\d+)([.)]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\n\u2028\u2029]+")
_SAFE_SCHEMES = ("http", "https", "mailto")


def clean(text: str) -> str:
    """Drop control characters and collapse whitespace (HTML would collapse it anyway, and a
    newline in Markdown could start a new block)."""
    return _SPACES.sub(" ", _CONTROL.sub("", text))


def md_text(text: str) -> str:
    """Untrusted text as Markdown that renders as exactly that text."""
    out: list[str] = []
    for ch in clean(text):
        if ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        else:
            out.append(ch)
    return "".join(out)


def guard_line(line: str) -> str:
    """Escape what would make a line of text a heading, list item or rule (e.g. a paragraph
    that begins with "1." or "- ")."""
    m = _LINE_START.match(line)
    if not m:
        return line
    lead, sign, equals, digits, dot = m.groups()
    if sign:
        new = f"{lead}\\{sign}"
    elif equals:
        new = f"{lead}&#61;"
    elif dot == ".":
        new = f"{lead}{digits}\\."
    else:
        return line
    return new + line[m.end():]


def attr(text: str) -> str:
    """Text for an HTML attribute value or element content we generate ourselves."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def safe_url(url: str) -> str | None:
    """An external URL fit for a Markdown link target, or None if its scheme is not allowed.

    The builder only lets http(s) and mailto through; this is the second line of defence.
    Characters that would end the link target (spaces, parentheses, angle brackets) are
    percent-encoded.
    """
    url = _CONTROL.sub("", url).strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _SAFE_SCHEMES:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")
