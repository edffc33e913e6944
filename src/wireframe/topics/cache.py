"""What :func:`~wireframe.topics.prepare` and :func:`~wireframe.topics.sweep` compute,
kept on disk by content hash.

Tokenizing a corpus and fitting a model for every K are the slow parts of a
topic analysis, and a notebook does them again each time it runs. With
``cache=`` set, each result goes to a JSON file named by the SHA-256 of
everything that decides it, and is read back instead of computed when that
name exists. A change to any input gives another name, so a stale file is
never read:

- :func:`~wireframe.topics.prepare` keeps what :func:`wireframe.text.documents`
  made (every story's terms and the phrase model), named by the texts, which
  of them phrases are learned from, the options, the source of
  :mod:`wireframe.text` and its stopword lists, and the versions of gensim
  and NLTK. The vocabulary and the bags of words are rebuilt from the terms
  each time (they are quick).
- :func:`~wireframe.topics.sweep` keeps, for each K, the top words,
  exclusivity and perplexity of its fit, named by the bags of words fitted
  and held out, the vocabulary, K and every LDA option, the source of the
  module that fits and scores, and the versions of gensim, NumPy and SciPy.
  Coherence is computed each time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from collections.abc import Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from wireframe import text

logger = logging.getLogger(__name__)

# Bump when the file's layout changes.
_FORMAT = 1


def _versions(h: Any, dists: Sequence[str]) -> None:
    for dist in dists:
        h.update(f"{dist}={metadata.version(dist)}\0".encode())


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
    _versions(h, ("gensim", "nltk"))
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


def folder(cache: bool | str | Path, name: str = "prepared") -> Path:
    """The cache folder: ``name`` in the kit's cache for True, else the path given."""
    if cache is True:
        from wireframe import datasets

        path = datasets.cache_dir() / name
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
    """Write the documents atomically."""
    _write_json(path, {"format": _FORMAT, "tokens": docs.tokens, "phrases": None if
                       docs.phrases is None else text.phrases_to_dict(docs.phrases)})


def _bags(h: Any, bags: Sequence[Sequence[tuple[int, int]]]) -> None:
    h.update(len(bags).to_bytes(8, "little"))
    for bag in bags:
        h.update(len(bag).to_bytes(8, "little"))
        h.update(np.asarray(bag, dtype=np.int64).tobytes())


def sweep_keys(ks: Sequence[int], fit_bow: Sequence, dictionary: Any, options: dict[str, Any],
               observed: Sequence, scored: Sequence, top_n: int) -> dict[int, str]:
    """The file name of each K's fit and scores: SHA-256 of its data, options and code."""
    from wireframe.topics import _estep, measures, model

    h = hashlib.sha256(f"wireframe-sweep-{_FORMAT}\0".encode())
    for module in (model, measures, _estep):
        h.update(Path(module.__file__).read_bytes())
    _versions(h, ("gensim", "numpy", "scipy", "numba"))
    h.update(json.dumps({**options, "top_n": top_n}, sort_keys=True).encode())
    h.update(json.dumps(sorted(dictionary.token2id.items(), key=lambda item: item[1])).encode())
    for bags in (fit_bow, observed, scored):
        _bags(h, bags)
    keys = {}
    for k in ks:
        one = h.copy()
        one.update(f"k={k}".encode())
        keys[k] = one.hexdigest()
    return keys


def read_fit(path: Path) -> dict[str, Any] | None:
    """A K's cached top words, exclusivity and perplexity, or None."""
    try:
        state = json.loads(path.read_text("utf-8"))
        return {name: state[name] for name in ("k", "top_words", "exclusivity", "perplexity")}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        logger.warning("ignoring the unreadable cache file %s (%s); fitting again", path, err)
        return None


def write_fit(path: Path, result: dict[str, Any]) -> None:
    """Write a K's results atomically."""
    _write_json(path, {"format": _FORMAT, **result})


def _write_json(path: Path, state: dict[str, Any]) -> None:
    # A name of its own per writer, then a rename: a reader (another notebook at the same
    # time) never sees half a file. open() keeps the umask's permissions, as a cache shared
    # by several users needs.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8") as f:
            json.dump(state, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
