"""Turn the bytes of a saved page into text, trusting the bytes over a page's own (often wrong) label.

Order: a byte-order mark; then valid UTF-8 (legacy 8-bit text almost never validates as UTF-8, so a
page labelled latin-1 whose bytes are UTF-8 is UTF-8); then the charset the page declares, unless
it claims UTF-8 while the bytes are mostly not; then windows-1252, the web's legacy default.
Decoding never fails: undecodable bytes become U+FFFD.

Only the encodings browsers know (the WHATWG Encoding Standard) are honoured: Python also has
codecs such as base64, rot13 or unicode_escape, and a page must not pick one of those.
"""

import codecs
import re

# A <meta charset> or http-equiv Content-Type must appear early in the page to count (HTML spec).
SNIFF_BYTES = 4096
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers decode these labels as windows-1252, which also gives meaning to the 0x80-0x9F bytes.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})
FALLBACK = "cp1252"
# Python codec name -> the codec a browser actually uses for that label (WHATWG supersets).
_BROWSER_CODECS = {
    **{f"iso8859-{n}": f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    **{f"cp{n}": f"cp{n}" for n in (866, 874, 932, 949, *range(1250, 1259))},
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "koi8-r": "koi8-r",
    "koi8-u": "koi8-u",
    "mac-roman": "mac-roman",
    "mac-cyrillic": "mac-cyrillic",
    "gbk": "gbk",
    "gb2312": "gbk",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "euc_jp": "euc_jp",
    "iso2022_jp": "iso2022_jp",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf-8": "utf-8",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
}
# Labels browsers accept that Python's codec registry does not know.
_EXTRA_LABELS = {
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "iso-8859-8-i": "iso8859-8",
}


def declared_charset(data: bytes) -> str | None:
    """The normalised Python codec name the page declares in its first bytes, if it is one we know."""
    match = _DECLARED.search(data[:SNIFF_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _EXTRA_LABELS:
        return _EXTRA_LABELS[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.replace("-", "_") in _WINDOWS_1252_ALIASES:
        return FALLBACK
    return _BROWSER_CODECS.get(name)


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed multi-byte UTF-8 characters than broken sequences (a page damaged in places)."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - broken > broken


def decode_html(data: bytes) -> str:
    """Decode page bytes to text without ever raising (see the module docstring for the order)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    # A declared UTF-16 on bytes that carry no BOM and are full of ASCII markup is a lie, and a
    # declared UTF-8 has just been disproved.
    if declared and not declared.startswith("utf-"):
        return data.decode(declared, "replace")
    if _mostly_utf8(data):
        return data.decode("utf-8", "replace")
    return data.decode(FALLBACK, "replace")
