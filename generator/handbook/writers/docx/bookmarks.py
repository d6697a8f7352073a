"""Tree anchors → Word bookmark names.

Word bookmark names are at most 40 characters of letters, digits and underscores and start
with a letter, or with an underscore for a hidden bookmark (Word's own `_Toc…` ones). Anchors
are longer and contain hyphens, so each is mapped deterministically to
`_hb_<sanitised prefix>_<hash>`: hidden (the bookmark dialog is not flooded with hundreds of
names), readable in the XML, and unique because of the hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

MAX_LEN = 40
_PREFIX = "_hb_"
_HASH_LEN = 8
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def bookmark_name(anchor: str) -> str:
    """The bookmark name for `anchor`; the same anchor always gives the same name."""
    digest = hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:_HASH_LEN]
    room = MAX_LEN - len(_PREFIX) - 1 - _HASH_LEN
    stem = _UNSAFE.sub("_", anchor).strip("_")[:room].rstrip("_")
    return f"{_PREFIX}{stem}_{digest}" if stem else f"{_PREFIX}{digest}"


class Bookmarks:
    """The anchors of one document with their bookmark names and sequential bookmark ids."""

    def __init__(self, anchors: Iterable[str]) -> None:
        self.names: dict[str, str] = {}
        seen: dict[str, str] = {}
        for anchor in sorted(set(anchors)):
            name = bookmark_name(anchor)
            if name in seen:  # a hash collision would silently misdirect links
                raise ValueError(f"bookmark name clash: {anchor!r} and {seen[name]!r}")
            seen[name] = anchor
            self.names[anchor] = name
        self._next_id = 0

    def name(self, anchor: str) -> str | None:
        """The bookmark for `anchor`, or None when the document has no such target."""
        return self.names.get(anchor)

    def next_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)
