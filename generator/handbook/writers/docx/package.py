"""Make a saved .docx byte-identical for the same content.

python-docx writes zip members with the current time and in its own walk order; the core
properties of a template carry the template's dates. Both are replaced here: fixed member
timestamps and order, and document properties that come from the handbook's metadata only.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from docx.document import Document as DocxDocument

from ...tree import Meta
from .ooxml import clean

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")
_STORED = (".png", ".jpeg", ".jpg", ".gif")  # already compressed


def _date(text: str | None) -> dt.datetime:
    """A revision date as a UTC datetime; an unparsable one falls back to the zip epoch."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return dt.datetime(*ZIP_DATE, tzinfo=dt.UTC)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def set_core_properties(document: DocxDocument, meta: Meta) -> None:
    """Title, author and dates from the handbook, nothing from the clock or the template."""
    props = document.core_properties
    # Untrusted text: characters XML forbids are dropped here as in the body.
    props.title = clean(meta.title)
    props.subject = clean(meta.subtitle or "")
    props.author = clean(meta.organization)
    props.last_modified_by = clean(meta.organization)
    props.identifier = clean(meta.doc_number)
    props.version = meta.current.version
    props.language = meta.language
    props.category = clean(meta.edition.name)
    props.keywords = clean(meta.role_title or "")
    props.content_status = clean(meta.confidentiality or "")
    props.comments = ""
    props.revision = 1
    props.created = _date(meta.first.date)
    props.modified = _date(meta.current.date)


def normalize_zip(blob: bytes) -> bytes:
    """The same members re-zipped with fixed timestamps, modes and order."""
    with ZipFile(BytesIO(blob)) as src:
        members = {name: src.read(name) for name in src.namelist()}
    order = [n for n in _FIRST if n in members]
    order += sorted(n for n in members if n not in _FIRST)
    out = BytesIO()
    with ZipFile(out, "w") as dst:
        for name in order:
            info = ZipInfo(name, ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = ZIP_STORED if name.lower().endswith(_STORED) else ZIP_DEFLATED
            dst.writestr(info, members[name], compresslevel=9)
    return out.getvalue()


def save_normalized(document: DocxDocument) -> bytes:
    """The document as reproducible .docx bytes."""
    raw = BytesIO()
    document.save(raw)
    return normalize_zip(raw.getvalue())
