"""Traditional Chinese editions: the whole tree goes through OpenCC (a real converter with
phrase tables), not a character table of our own."""

from __future__ import annotations

import functools
from collections.abc import Callable

from . import tree as t

# s2tw: Simplified to Traditional with Taiwan-standard characters, without swapping
# vocabulary (软件 stays 軟件), which suits Hong Kong and Macau readers as well.
OPENCC_CONFIG = "s2tw"


@functools.cache
def _converter() -> Callable[[str], str]:
    import opencc

    conv = opencc.OpenCC(OPENCC_CONFIG)
    return functools.lru_cache(maxsize=65536)(conv.convert)


def to_traditional_text(text: str) -> str:
    return _converter()(text) if text else text


def to_traditional(doc: t.Document) -> t.Document:
    return t.map_text(doc, to_traditional_text)
