"""A field's API key: ASCII, stable, made from its label — pinyin for Chinese (预算 → yusuan), words for English
(House area → house_area) — and unique within the kind (yusuan_2)."""

from __future__ import annotations

import re

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_KEY = 40


def key_from_label(label: str, taken: set[str]) -> str:
    from pypinyin import (
        Style,
        lazy_pinyin,
    )  # here: importing pypinyin costs every process a fifth of a second

    words = lazy_pinyin(label.strip(), style=Style.NORMAL, errors=lambda chars: chars)
    slug = re.sub(r"[^a-z0-9]+", "_", "".join(words).lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"field_{slug}".strip("_")
    slug = slug[:MAX_KEY].rstrip("_")
    candidate, n = slug, 2
    while candidate in taken:
        suffix = f"_{n}"
        candidate = slug[: MAX_KEY - len(suffix)] + suffix
        n += 1
    return candidate
