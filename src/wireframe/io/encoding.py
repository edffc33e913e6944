"""Bytes to text, decided per record: one stray byte never turns a file into mojibake.

Every reader decodes its input with :func:`decode`, which returns the text
and, for each run of bytes that was not UTF-8, where it is and what it
became, so that the reader can note it on the record that holds it. The rule:

1. A byte-order mark decides: UTF-8 (dropped), UTF-16 or UTF-32. A file
   without one whose bytes are every other one zero is UTF-16 (what Excel's
   "Unicode text" writes), with a note.
2. An encoding the file declares (``<meta charset>``, ``<?xml encoding?>``)
   other than UTF-8 is used when the bytes are not valid UTF-8.
3. Otherwise the text is UTF-8, and each run of bytes that is not UTF-8 is
   read as Windows-1252 (what Windows tools write; its five undefined bytes
   as Latin-1), so the valid UTF-8 around it stays right.
4. A file with no valid multi-byte UTF-8 at all and many such bytes is in a
   legacy encoding throughout: charset-normalizer names it (Windows-1251,
   Shift JIS ...) and the whole file is decoded with it, with a note; when it
   names a Western one, rule 3 stands.

:func:`rtf_escapes` turns raw 8-bit bytes inside an RTF file (which should
hold only ``\\'xx`` and ``\\uN`` escapes, but exports sometimes carry raw
UTF-8 or Windows-1252) into ``\\uN`` escapes the RTF parser reads right,
decided the same way.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Decoded", "Fallback", "decode", "declared_encoding", "join_surrogates",
           "rtf_codepage", "rtf_escapes"]

_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "windows_1252", "ascii", "utf_8"}
_LEGACY_MIN_BYTES = 20  # fewer stray bytes than this: not worth a guess of the whole file
_SURROGATE = re.compile("[\udc80-\udcff]+")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


@dataclass(frozen=True)
class Fallback:
    """A run of bytes that was not valid UTF-8, and what it was read as.

    Attributes
    ----------
    position : int
        Where the run starts in the decoded text.
    raw : bytes
        The bytes.
    text : str
        The characters they became (Windows-1252).
    """

    position: int
    raw: bytes
    text: str

    def describe(self) -> str:
        """The note: ``bytes not UTF-8 (b'\\xe9'); decoded as cp1252 'é'``."""
        return f"bytes not UTF-8 ({self.raw!r}); decoded as cp1252 {self.text!r}"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with what was decided.

    Attributes
    ----------
    text : str
        The text.
    encoding : str
        How the whole was read: "utf-8", "utf-16", "cp1251" ...
    fallbacks : tuple of Fallback
        Runs of bytes that were not UTF-8, each read as Windows-1252.
    note : str
        What to say about the whole file ("" when nothing): a UTF-16 file, a
        declared or guessed legacy encoding, characters replaced.
    """

    text: str
    encoding: str
    fallbacks: tuple[Fallback, ...] = ()
    note: str = ""

    def fallbacks_by(self, starts: Sequence[int]) -> dict[int, list[Fallback]]:
        """Group the fallbacks by the record they fall in.

        ``starts`` are the positions (sorted) where records begin in
        :attr:`text`; the result maps a record's index to its fallbacks.
        """
        out: dict[int, list[Fallback]] = {}
        for fb in self.fallbacks:
            index = bisect_right(starts, fb.position) - 1
            out.setdefault(max(index, 0), []).append(fb)
        return out


def _cp1252(raw: bytes) -> str:
    # Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: Latin-1 for those.
    return "".join(bytes([b]).decode("cp1252", errors="strict") if b not in
                   (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in raw)


def _utf16_without_bom(raw: bytes) -> str | None:
    head = raw[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def declared_encoding(raw: bytes) -> str | None:
    """The encoding a file's head declares (``<meta charset>``, XML prolog), or None."""
    head = raw[:4096].decode("ascii", errors="replace")
    m = re.search(r"""<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""", head) or re.search(
        r"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", head, re.I)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1)).name
    except LookupError:
        return None


def _legacy(raw: bytes) -> str | None:
    """The encoding charset-normalizer names for a file in a non-Western legacy encoding."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name.replace("-", "_")
    if name in _WESTERN:
        return None
    # A Central European or other Latin guess reads Western text nearly as Windows-1252
    # does, and is often wrong on it: only a guess in another script beats rule 3.
    letters = [c for c in str(best) if ord(c) > 0x7F and c.isalpha()]
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return best.encoding if letters and latin < len(letters) / 2 else None


def decode(raw: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a file's (or a record's) bytes under the rule of this module.

    Parameters
    ----------
    raw : bytes
        The bytes.
    declared : str, optional
        The encoding the file declares (see :func:`declared_encoding`).

    Returns
    -------
    Decoded
        The text, how it was read, and each run of bytes read as Windows-1252.

    Examples
    --------
    >>> d = decode("Caf\\u00e9 \\u2019".encode() + b" na\\xefve")
    >>> d.text, [f.describe() for f in d.fallbacks]
    ('Café ’ naïve', ["bytes not UTF-8 (b'\\\\xef'); decoded as cp1252 'ï'"])
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, None), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            if codec is None:
                raw = raw[len(bom):]
                break
            return _whole(raw, codec, f"{codec.upper()} (told by its byte-order mark)")
    else:
        sixteen = _utf16_without_bom(raw)
        if sixteen:
            return _whole(raw, sixteen, f"{sixteen.upper()} without a byte-order mark (told "
                          "by its zero bytes)")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared and codecs.lookup(declared).name not in ("utf-8", "ascii"):
        return _whole(raw, declared, f"{declared} (as the file declares)")
    text = raw.decode("utf-8", errors="surrogateescape")
    runs = list(_SURROGATE.finditer(text))
    multibyte = any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF for c in text)
    if not multibyte and sum(len(m.group()) for m in runs) >= _LEGACY_MIN_BYTES:
        legacy = _legacy(raw)
        if legacy:
            return _whole(raw, legacy, f"{legacy} (charset-normalizer's reading of a file "
                          "with no UTF-8 in it)")
    out: list[str] = []
    fallbacks: list[Fallback] = []
    last = 0
    for m in runs:
        out.append(text[last:m.start()])
        bad = bytes(ord(c) - 0xDC00 for c in m.group())
        position = sum(len(p) for p in out)
        chars = _cp1252(bad)
        fallbacks.append(Fallback(position, bad, chars))
        out.append(chars)
        last = m.end()
    out.append(text[last:])
    return Decoded("".join(out), "utf-8", tuple(fallbacks))


def _whole(raw: bytes, codec: str, how: str) -> Decoded:
    text = raw.decode(codec, errors="replace")
    if codec.startswith(("utf-16", "utf-32")):
        text = text.removeprefix("\ufeff")
    replaced = text.count("\ufffd")
    note = f"encoding: decoded as {how}"
    if replaced:
        note += f"; {replaced} undecodable byte sequence(s) replaced by U+FFFD"
    return Decoded(text, codec, (), note)


def join_surrogates(text: str) -> str:
    """Join UTF-16 surrogate pairs (as RTF ``\\uN`` escapes give them) into one character."""
    return _PAIR.sub(lambda m: m.group().encode("utf-16", "surrogatepass").decode("utf-16"), text)


def rtf_codepage(raw: bytes) -> str:
    """The code page an RTF file declares (``\\ansicpg1251``) as a codec name; cp1252 if none."""
    m = re.search(rb"\\ansicpg(\d+)", raw[:4096])
    if m:
        try:
            return codecs.lookup(f"cp{int(m.group(1))}").name
        except LookupError:
            pass
    return "cp1252"


def rtf_escapes(raw: bytes) -> tuple[str, Decoded]:
    """Return an RTF file as 7-bit text, its raw 8-bit characters as ``\\uN?`` escapes.

    The raw bytes are decided by :func:`decode`: UTF-8, else, per run, the
    file's code page when it declares a non-Western one (``\\ansicpg1251``)
    and Windows-1252 otherwise, so that ``Caf\\xc3\\xa9`` and ``Caf\\xe9``
    both read "Café". The :class:`Decoded` returned says what was decided;
    its positions are in its own text, before escaping.

    Examples
    --------
    >>> rtf_escapes(b"{\\\\rtf1 Caf\\xc3\\xa9}")[0]
    '{\\\\rtf1 Caf\\\\u233?}'
    """
    page = rtf_codepage(raw)
    western = page.replace("-", "_") in _WESTERN
    decoded = decode(raw, declared=None if western else page)

    def escape(m: re.Match[str]) -> str:
        data = m.group().encode("utf-16-le")
        codes = [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]
        return "".join(f"\\u{c - 65536 if c > 32767 else c}?" for c in codes)

    return re.sub(r"[^\x00-\x7f]+", escape, decoded.text), decoded
