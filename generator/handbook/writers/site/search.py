"""Chinese word segmentation for the site's search index.

mkdocs-material's search plugin runs every run of Han characters through `jieba.cut` and
joins the words with zero-width spaces, which the zh/zh-TW search separator splits on; in
the browser the search box cuts a query greedily into words found in that index. Without
segmentation a whole clause is one token and a word inside a sentence is never found.

Two things are adjusted while a site builds:
- HMM guessing is off: a word missing from the dictionary is split into single characters,
  each of them searchable, instead of being glued to its neighbour (发现/窜/货应 with HMM);
- a Traditional Chinese edition gets jieba's dictionary converted with the same OpenCC
  configuration as the edition itself, built in memory (no cache files) once per process.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jieba

jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict" to stderr by default


class _Segmenter:
    """Stands in for the `jieba` module inside the search plugin (it only calls `cut`)."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self._tokenizer = tokenizer

    def cut(self, sentence: str | bytes, *args: Any, **kwargs: Any) -> Iterator[str]:
        return self._tokenizer.cut(sentence, cut_all=False, HMM=False)


@functools.cache
def tokenizer(language: str) -> jieba.Tokenizer:
    """A jieba tokenizer whose dictionary is in the script of `language`."""
    if language != "zh-TW":
        tk = jieba.Tokenizer()
        tk.initialize()
        return tk
    import opencc

    from ...chinese import OPENCC_CONFIG

    source = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    converted = opencc.OpenCC(OPENCC_CONFIG).convert(source).encode("utf-8")
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = tk.gen_pfdict(io.BytesIO(converted))
    tk.initialized = True
    return tk


@contextlib.contextmanager
def segmentation(language: str) -> Iterator[None]:
    """Make mkdocs-material's search plugin segment with our tokenizer for `language`."""
    from material.plugins.search import plugin as search_plugin

    previous = search_plugin.jieba
    search_plugin.jieba = _Segmenter(tokenizer(language))
    try:
        yield
    finally:
        search_plugin.jieba = previous
