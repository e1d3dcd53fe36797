"""Decode a page file by its content: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 or Big5.

A BOM settles it, and so does valid UTF-8 (other Chinese encodings almost never are). Otherwise
GB18030 and Big5 (Windows' cp950) are both tried: Big5 bytes nearly always decode as GB18030 too,
as gibberish (中, Big5 A4A4, reads い), and GB text sometimes decodes as Big5. Of those that decode
cleanly, the one that reads most like Chinese wins: the largest share of its characters are common
ones (GB2312's first level, Big5's frequent characters), ASCII or punctuation.

Big5 text is turned into simplified characters (OpenCC t2s): the paper prints simplified, a Big5
copy of a page was converted on the way, and the parser reads simplified cues (本报讯, 记者).
"""

from __future__ import annotations

import codecs
from functools import lru_cache

import opencc

from retrieval.parse import SeedFormatError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LEGACY = ("gb18030", "cp950")  # in this order on a tie
_SAMPLE = 20_000  # characters read to judge a decoding
_CONTROL_LIMIT = 8  # control characters in the first 4096 that make a file binary


def decode_issue_bytes(data: bytes) -> str:
    """Decode a page file by its content; raise SeedFormatError when it is empty, binary or undecodable."""
    if not data.strip():
        raise SeedFormatError("empty file")
    text = _by_bom(data)
    if text is None:
        if b"\x00" in data[:4096]:
            raise SeedFormatError("binary file (NUL bytes), not newspaper text")
        text = _by_content(data)
    if not text.strip():
        raise SeedFormatError("empty file")
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > _CONTROL_LIMIT:
        raise SeedFormatError("binary file (control characters), not newspaper text")
    return text


def _by_bom(data: bytes) -> str | None:
    """Return the text of a file that starts with a BOM (None without one)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SeedFormatError(f"broken {encoding.upper().replace('-SIG', '')} text at byte {exc.start}") from exc
    return None


def _by_content(data: bytes) -> str:
    """Return the text of a file without a BOM: UTF-8 if valid, else the most Chinese-looking legacy decoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    decoded = []
    for order, encoding in enumerate(_LEGACY):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((reads_as_chinese(text), -order, encoding, text))
    if not decoded:
        raise SeedFormatError("not UTF-8, UTF-16, GB18030 or Big5 text")
    _, _, encoding, text = max(decoded)
    return _t2s().convert(text) if encoding == "cp950" else text


def reads_as_chinese(text: str) -> float:
    """Return the share of text's first characters that are common Chinese ones, ASCII or punctuation."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    common = _common()
    plain = sum(1 for c in sample if c in common or c.isascii() or "\u3000" <= c <= "\u303f"
                or "\uff01" <= c <= "\uff5e" or c in "“”‘’—…·")
    return plain / len(sample)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """Return the common hanzi: GB2312's first level (3755, simplified) and Big5's frequent ones (5401)."""
    gb = bytes(b for row in range(0xB0, 0xD8) for cell in range(0xA1, 0xFF) for b in (row, cell))
    cells = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    big5 = bytes(b for row in range(0xA4, 0xC7) for cell in cells if (row, cell) <= (0xC6, 0x7E) for b in (row, cell))
    chars = gb.decode("gb2312", errors="ignore") + big5.decode("big5", errors="ignore")
    return frozenset(c for c in chars if "\u4e00" <= c <= "\u9fff")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")
