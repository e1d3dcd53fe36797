"""简体 or 繁體 output: a chat that chose 繁體 (/settings) gets what it is sent converted by OpenCC.

`s2t` converts characters only: the paper's own words stay as printed (a quotation stays a
quotation), where `s2twp` would also swap in Taiwanese vocabulary (信息 → 資訊). Tags, entities and
callback data are ASCII, which OpenCC leaves alone.
"""

from __future__ import annotations

from functools import cache

import opencc

SIMPLIFIED, TRADITIONAL = "hans", "hant"


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def in_script(text: str, script: str) -> str:
    """Return text in the chat's script: as printed for 简体, converted by OpenCC s2t for 繁體."""
    return _s2t().convert(text) if script == TRADITIONAL and text else text
