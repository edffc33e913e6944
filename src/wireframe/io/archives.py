"""Compressed inputs: gzip, ZIP (DOCX) and tar, read within size limits, cuts reported.

A compressed file can expand without bound (a "zip bomb": a 472 KB DOCX
that expands to 150 MB took 202 s and 2.9 GB to refuse by running out of
patience), or end in the middle (a download cut short). The readers open
compressed files only through this module, which

* refuses a file that expands past :data:`MAX_BYTES`, or past
  :data:`MAX_RATIO` times its compressed size once it is over
  :data:`RATIO_FLOOR` (news text compresses 3 to 10 times; 100 is far
  beyond any real export), checking ZIP members by their declared sizes
  before anything is decompressed (Python's ``zipfile`` never inflates a
  member past its declared size) and gzip streams as they inflate;
* returns what a cut gzip stream held before the cut, with a note, so that
  the records before it load and the reader can reject the record the cut
  fell in.

Every refusal is an :class:`InputError` naming the kind of problem, the
reason and the fix.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

__all__ = ["MAX_BYTES", "MAX_RATIO", "RATIO_FLOOR", "InputError", "check_zip", "gunzip",
           "gzip_cut", "read_bytes"]

MAX_BYTES = 1 << 30
"""Most bytes one input file may expand to (1 GiB)."""

MAX_RATIO = 100
"""Most times a compressed file may expand, once it expands past :data:`RATIO_FLOOR`."""

RATIO_FLOOR = 16 << 20
"""Expansions up to 16 MiB are never refused for their ratio (small files compress well)."""

_CHUNK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"


class InputError(ValueError):
    """A file that cannot be read as it is: what kind of problem, why, and the fix.

    Attributes
    ----------
    kind : str
        "empty", "truncated", "too large", "corrupt", "unknown format",
        "archive" or "unreadable".
    reason : str
        What is wrong, in the user's words.
    fix : str
        What to do about it.
    """

    def __init__(self, kind: str, reason: str, fix: str) -> None:
        super().__init__(f"{kind}: {reason}. Fix: {fix}")
        self.kind, self.reason, self.fix = kind, reason, fix


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n / 1e3:,.0f} KB"


def _too_large(expanded: int, compressed: int, what: str) -> InputError | None:
    if expanded > MAX_BYTES:
        why = f"it expands to more than {_mb(MAX_BYTES)}"
    elif expanded > RATIO_FLOOR and expanded > MAX_RATIO * max(compressed, 1):
        why = (f"it expands from {_mb(compressed)} to {_mb(expanded)}, more than {MAX_RATIO} "
               "times its size, as no news export does (a decompression bomb?)")
    else:
        return None
    return InputError("too large", f"{what}: {why}", "check where the file came from; if it "
                      "is genuine, split it, or raise wireframe.io.archives.MAX_BYTES / MAX_RATIO")


def gunzip(raw: bytes, *, what: str = "gzip file") -> tuple[bytes, str]:
    """Inflate gzip data (every member), within the size limits.

    Returns
    -------
    data : bytes
        What the stream held, up to a cut if it has one.
    note : str
        "" for a complete stream; else what was cut, to report.

    Raises
    ------
    InputError
        "too large" past the limits; "corrupt" when the data is not gzip or
        is damaged before anything could be read.
    """
    out: list[bytes] = []
    total = 0
    data = raw
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            buf = data
            while buf:
                chunk = inflater.decompress(buf, _CHUNK)
                out.append(chunk)
                total += len(chunk)
                if (err := _too_large(total, len(raw), what)) is not None:
                    raise err
                if inflater.eof:
                    break
                buf = inflater.unconsumed_tail
            out.append(inflater.flush())
        except zlib.error as err:
            if not total:
                raise InputError("corrupt", f"{what}: not readable gzip data ({err})",
                                 "download it again") from err
            return b"".join(out), (f"truncated: the gzip stream is damaged after {_mb(total)} "
                                   f"of text ({err}); what follows is lost. Fix: download it again")
        if not inflater.eof:
            return b"".join(out), (f"truncated: the gzip stream ends after {_mb(total)} of "
                                   "text, before its end marker; what follows is lost. Fix: "
                                   "download it again")
        data = inflater.unused_data.lstrip(b"\0")  # members follow; tar pads with zeros
    return b"".join(out), ""


def gzip_cut(path: str | Path) -> str:
    """Why a gzip file is incomplete ("" when its last stream ends with its end marker).

    The file is inflated in chunks and the output thrown away, so that an
    archive read as a stream (tar stops quietly at a cut that falls between
    its blocks) can be checked without holding it in memory.
    """
    inflater = zlib.decompressobj(wbits=31)
    with Path(path).open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                data = chunk
                while data:
                    if inflater.eof:  # another member follows, or the zeros that pad a tar
                        data = data.lstrip(b"\0")
                        if not data:
                            break
                        inflater = zlib.decompressobj(wbits=31)
                    inflater.decompress(data, _CHUNK)
                    data = inflater.unconsumed_tail or (inflater.unused_data if inflater.eof
                                                        else b"")
        except zlib.error as err:
            return f"the gzip stream is damaged ({err})"
    return "" if inflater.eof else "the gzip stream ends before its end marker"


def read_bytes(path: str | Path) -> tuple[bytes, str]:
    """Read a file's bytes, inflating gzip (told by its first bytes, not its name).

    Returns the bytes and a note ("" unless a gzip stream was cut).
    """
    p = Path(path)
    raw = p.read_bytes()
    if raw[:2] != GZIP_MAGIC:
        return raw, ""
    return gunzip(raw, what=p.name)


def check_zip(path: str | Path, *, what: str = "ZIP file") -> None:
    """Refuse a ZIP (or DOCX) file that is cut short or would expand past the limits.

    The members' declared sizes are added up before anything is inflated;
    ``zipfile`` never inflates a member past its declared size, so the
    check bounds the work of reading it.

    Raises
    ------
    InputError
        "truncated" for a file that is not a complete ZIP archive, "too
        large" past the limits.
    """
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise InputError("truncated", f"{what} {p.name} is not a complete ZIP archive ({err}); "
                         "it may be cut short", "download it again") from err
    if (err := _too_large(expanded, p.stat().st_size, f"{what} {p.name}")) is not None:
        raise err
