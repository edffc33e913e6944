"""Which reader a file needs, told by its content first and its name second.

:func:`sniff` looks at a file's first bytes (inflating gzip) and names the
format of :data:`wireframe.io.READERS` it holds, whatever its name says:

==============================================  ================================
content                                         format
==============================================  ================================
``PAR1`` (Parquet) with every Story column      "stories" (read back exactly)
``PAR1``, other columns                         "parquet" (mapped like a CSV)
a ZIP holding ``word/document.xml`` (DOCX)      "nexis"
``{\\rtf`` with "End of Document" lines         "nexis"
``{\\rtf`` with Factiva accession numbers       "factiva"
a tar archive of ``.sgm`` files, ``<REUTERS``   "reuters"
``<rss``, ``<feed``, ``<rdf:RDF``               "feeds"
HTML with Factiva's article tables              "factiva"
other HTML, ``.txt`` text                       "pages"
one JSON object per line                        "jsonl"
delimited text (``,`` ``;`` tab ``|``)          "csv", or "mediacloud" with
                                                Media Cloud's columns
==============================================  ================================

A file it cannot place, or that cannot be read at all (0 bytes, a ZIP that
is not a DOCX, a JSON document that is not JSON Lines, gzip around a format
whose reader does not inflate it) raises an
:class:`~wireframe.io.archives.InputError` with the kind, the reason and the
fix; :func:`wireframe.io.read` reports it for that file and reads the
others. :func:`files_in` lists the files of a folder, leaving out (with a
note) its subfolders, hidden files, and notes and settings such as
``README.md``.
"""

from __future__ import annotations

import json
import re
import tarfile
import zipfile
import zlib
from pathlib import Path

from wireframe.io.archives import GZIP_MAGIC, InputError, check_zip
from wireframe.io.delimited import sniff_delimiter
from wireframe.io.encoding import decode

__all__ = ["HEAD", "NOT_NEWS", "files_in", "sniff"]

HEAD = 1 << 16
"""Bytes of a file (after inflating) that :func:`sniff` looks at."""

NOT_NEWS = (".md", ".markdown", ".rst", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".py",
            ".ipynb", ".log")
"""Suffixes of files a folder holds beside its news (notes, settings), which are not read."""

_GZIP_READERS = {"csv", "jsonl", "mediacloud", "reuters"}  # readers that inflate gzip themselves
_MEDIACLOUD = {"id", "media_name", "publish_date"}
_FACTIVA_AN = re.compile(r"Document [A-Z0-9]{6,8}\d{8}[a-z0-9]{9}")
_HEADER_NAME = re.compile(r"""\s*["']?[\w .:/()#-]{1,64}["']?\s*""")


def _inflate_head(raw: bytes) -> bytes:
    """The first :data:`HEAD` bytes a gzip file inflates to (it may be cut short)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        return inflater.decompress(raw, HEAD)
    except zlib.error as err:
        raise InputError("corrupt", f"not readable gzip data ({err})",
                         "download the file again") from err


def _tar_sgm(path: Path) -> bool:
    """Whether a tar archive holds Reuters ``.sgm`` files (the first few members tell)."""
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for i, member in enumerate(archive):
                if member.name.endswith(".sgm"):
                    return True
                if i > 50:
                    break
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        return "reut" in path.name.lower()  # cut short: the reader reports the cut
    return False


def _csv_kind(text: str) -> str | None:
    lines = [ln for ln in text.splitlines()[:6] if ln.strip()]
    if not lines:
        return None
    delimiter = sniff_delimiter(lines[0])
    names = lines[0].split(delimiter)
    if len(names) < 2 or (len(lines) > 1 and lines[1].count(delimiter) == 0):
        return None
    if not all(_HEADER_NAME.fullmatch(n) for n in names):
        return None  # a header names columns; code or prose with commas does not
    header = {h.strip().strip('"') for h in lines[0].split(",")}
    return "mediacloud" if _MEDIACLOUD <= header else "csv"


def _text_kind(text: str, name: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")
    if "<REUTERS" in head[:20000] or name.endswith(".sgm"):
        return "reuters"
    if head.startswith("<"):
        if re.search(r"<(?:rss|feed|rdf:RDF)\b", head):
            return "feeds"
        if re.search(r'class="article\b[^>]*>\s*<table', head) and "<b>HD</b>" in head:
            return "factiva"
        if re.search(r"(?i)<(?:!doctype html|html|body|head|article|div|p)\b", head):
            return "pages"
        raise InputError("unknown format", "an XML file that is neither an RSS or Atom feed "
                         "nor Reuters SGML", "pass format= if it is one of them, or remove it")
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            is_object = isinstance(json.loads(first), dict)
        except json.JSONDecodeError:
            is_object = False
        if is_object:
            return "jsonl"
        raise InputError("unknown format", "a JSON document, not JSON Lines (one object per "
                         "line)", "write it as JSON Lines: pd.read_json(path).to_json(out, "
                         "orient='records', lines=True); a Media Cloud API page: "
                         "io.mediacloud.stories_from_api(json.load(f)['stories'])")
    if head.startswith("["):
        raise InputError("unknown format", "a JSON array, not JSON Lines (one object per line)",
                         "write it as JSON Lines: pd.read_json(path).to_json(out, "
                         "orient='records', lines=True)")
    suffix = Path(name).suffix
    if suffix in (".txt", ".text"):
        return "pages"
    kind = _csv_kind(text)
    if kind:
        return kind
    if suffix in (".csv", ".tsv"):
        return "csv"
    raise InputError("unknown format", f"cannot tell what {name} holds: not a news export, "
                     "a feed, a table or a saved page", "pass format=, or remove the file")


def sniff(path: str | Path) -> str:
    """Name the reader a file needs (a key of :data:`wireframe.io.READERS`).

    Parameters
    ----------
    path : str or Path
        A file.

    Returns
    -------
    str
        The format; see the module docstring for the rules.

    Raises
    ------
    InputError
        For a file no reader can take (kind, reason and fix in the message).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.txt"
    >>> _ = p.write_text("id;published;headline\\n1;2026-02-12;Talks\\n")
    >>> sniff(p)
    'pages'
    >>> _ = p.rename(p.with_suffix(".dat"))
    >>> sniff(p.with_suffix(".dat"))
    'csv'
    """
    p = Path(path)
    name = p.name.lower()
    with p.open("rb") as handle:
        raw = handle.read(HEAD)
    if not raw:
        raise InputError("empty", f"{p.name} has 0 bytes", "download it again, or remove it")
    if raw[:2] == GZIP_MAGIC:
        inner_name = name.removesuffix(".gz").removesuffix(".tgz") if name.endswith(
            (".gz", ".tgz")) else name
        inner = _inflate_head(p.read_bytes()[: 4 * HEAD])
        if len(inner) > 262 and inner[257:262] == b"ustar":
            if _tar_sgm(p):
                return "reuters"
            raise InputError("archive", "a tar archive of other files than Reuters SGML",
                             "unpack it and pass the folder")
        kind = _content_kind(inner, inner_name)
        if kind not in _GZIP_READERS:
            raise InputError("archive", f"gzip around a {kind} file, which its reader does "
                             "not inflate", f"gunzip {p.name} and pass the file it holds")
        return kind
    return _content_kind(raw, name, p)


def _content_kind(raw: bytes, name: str, path: Path | None = None) -> str:
    if raw[:4] == b"PAR1":
        return _parquet_kind(path) if path is not None else "parquet"
    if raw[:4] == b"PK\x03\x04":
        if path is None:
            raise InputError("archive", "gzip around a ZIP archive", "unpack it")
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())  # the directory only: nothing inflated
        except (zipfile.BadZipFile, OSError, EOFError):
            names = set()
        check_zip(path, what="DOCX file" if "word/document.xml" in names else "ZIP file")
        if "word/document.xml" in names:
            return "nexis"
        if "xl/workbook.xml" in names:
            raise InputError("unknown format", "an Excel workbook", "save it as CSV from "
                             "Excel (CSV UTF-8), or pd.read_excel(path).to_csv(out, index=False)")
        raise InputError("archive", f"a ZIP archive ({len(names)} file(s)), not a DOCX",
                         "unzip it and pass the folder")
    if len(raw) > 262 and raw[257:262] == b"ustar":
        if path is not None and _tar_sgm(path):
            return "reuters"
        raise InputError("archive", "a tar archive", "unpack it and pass the folder")
    if raw.lstrip()[:5] == b"{\\rtf":
        text = raw.decode("latin-1")
        if "End of Document" in text:
            return "nexis"
        if _FACTIVA_AN.search(text):
            return "factiva"
        raise InputError("unknown format", "an RTF file with neither Nexis Uni's 'End of "
                         "Document' lines nor Factiva's accession numbers", "pass "
                         "format='nexis' or format='factiva'")
    if b"\0" in raw[:4096] and not decode(raw[:4096]).note:
        suffix = Path(name).suffix
        raise InputError("unknown format", f"binary data{f' ({suffix})' if suffix else ''}, "
                         "not text", "pass format=, or remove the file")
    return _text_kind(decode(raw).text, name)


def _parquet_kind(path: Path) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wireframe import schema

    try:
        names = set(pq.read_schema(path).names)
    except (pa.ArrowException, OSError) as err:
        raise InputError("truncated", f"a Parquet file that cannot be opened ({err}); it may "
                         "be cut short", "write or download it again") from err
    return "stories" if set(schema.REQUIRED) <= names else "parquet"


def files_in(folder: str | Path) -> tuple[list[Path], list[str]]:
    """The files of a folder, in name order, and notes on what was left out.

    Left out, each kind counted in a note: subfolders (pass them too, to
    read them), hidden files (``.DS_Store``), and documentation and
    configuration files (:data:`NOT_NEWS`: ``README.md``, ``SOURCES.md``,
    ``.yaml``). The ``NAME_files`` folders browsers save beside a page are
    subfolders like any other.
    """
    root = Path(folder)
    files, hidden, folders, docs = [], [], [], []
    for p in sorted(root.iterdir()):
        if p.name.startswith("."):
            hidden.append(p.name)
        elif p.is_dir():
            folders.append(p.name)
        elif p.suffix.lower() in NOT_NEWS or p.stem.upper() in ("README", "LICENSE"):
            docs.append(p.name)
        elif p.is_file():
            files.append(p)
    left = []
    if folders:
        left.append(f"{len(folders)} subfolder(s) not read ({', '.join(folders[:3])}"
                    f"{' ...' if len(folders) > 3 else ''}); pass them too to read them")
    if hidden:
        left.append(f"{len(hidden)} hidden file(s) (names starting with '.') not read")
    if docs:
        left.append(f"{len(docs)} documentation or configuration file(s) not read "
                    f"({', '.join(docs[:3])}{' ...' if len(docs) > 3 else ''})")
    return files, left
