"""Tokens of :func:`~wireframe.topics.prepare`, kept on disk by content hash.

Tokenizing a corpus and learning its phrases is the slow part of preparing
it, and the same corpus is prepared again each time a notebook runs. With
``cache=`` set, :func:`~wireframe.topics.prepare` keeps what
:func:`wireframe.text.documents` made (every story's terms and the phrase
model) in one JSON file, named by the SHA-256 of everything that decides it:
the texts, which of them phrases are learned from, the options, the source
of :mod:`wireframe.text` and its stopword lists, and the versions of gensim
and NLTK. A change to any of them gives another name, so a stale file is
never read; the vocabulary and the bags of words are rebuilt from the terms
each time (they are quick).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from wireframe import text

logger = logging.getLogger(__name__)

# Bump when the file's layout changes.
_FORMAT = 1


def _code_digest() -> bytes:
    """SHA-256 of the code and data that turn a text into terms."""
    h = hashlib.sha256()
    package = resources.files("wireframe")
    sources = sorted(p.name for p in package.joinpath("text").iterdir() if p.name.endswith(".py"))
    data = sorted(p.name for p in package.joinpath("data").iterdir()
                  if p.name.startswith("stopwords_"))
    for folder, names in (("text", sources), ("data", data)):
        for name in names:
            h.update(f"{folder}/{name}\0".encode())
            h.update(package.joinpath(folder, name).read_bytes())
    for dist in ("gensim", "nltk"):
        h.update(f"{dist}={metadata.version(dist)}\0".encode())
    return h.digest()


def key(texts: Sequence[str], learn_from: np.ndarray | None, options: dict[str, Any]) -> str:
    """The file name of a corpus's tokens: SHA-256 of texts, options and code."""
    h = hashlib.sha256(f"wireframe-prepared-{_FORMAT}\0".encode())
    h.update(_code_digest())
    h.update(json.dumps(options, sort_keys=True).encode())
    h.update(b"all" if learn_from is None else np.asarray(learn_from, dtype=bool).tobytes())
    for t in texts:
        raw = t.encode("utf-8", "surrogatepass")
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)
    return h.hexdigest()


def folder(cache: bool | str | Path) -> Path:
    """The cache folder: ``prepared/`` in the kit's cache for True, else the path given."""
    if cache is True:
        from wireframe import datasets

        path = datasets.cache_dir() / "prepared"
    else:
        path = Path(cache)
    path.mkdir(parents=True, exist_ok=True)
    return path


def read(path: Path) -> text.Documents | None:
    """The cached documents, or None when the file is missing or unreadable."""
    try:
        state = json.loads(path.read_text("utf-8"))
        model = None if state["phrases"] is None else text.phrases_from_dict(state["phrases"])
        steps = text.pipeline() if model is None else text.with_phrases(text.pipeline(), model)
        return text.Documents(state["tokens"], model, tuple(steps))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        logger.warning("ignoring the unreadable cache file %s (%s); preparing again", path, err)
        return None


def write(path: Path, docs: text.Documents) -> None:
    """Write the documents atomically: a reader never sees half a file."""
    state = {"format": _FORMAT, "tokens": docs.tokens,
             "phrases": None if docs.phrases is None else text.phrases_to_dict(docs.phrases)}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prepared-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(state, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
