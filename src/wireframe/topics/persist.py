"""Persistence: the model saved with a manifest of SHA-256 sums, loaded after checking it.

:func:`save` and :func:`load` keep the gensim model (pickles) next to a
manifest that :func:`load` checks before unpickling anything; the phrases
are saved as JSON. :func:`export` writes the topic tables as Parquet or CSV.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import gensim
import numpy as np
import pandas as pd
from gensim.models import LdaModel

from wireframe import _validate as check
from wireframe import text
from wireframe.topics.describe import labels, proportions, representative, terms
from wireframe.topics.model import TopicModel, _check_model, _doc

__all__ = ["FORMATS", "ModelFileError", "export", "load", "save"]

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("parquet", "csv")
"""File formats of :func:`export`."""

_MANIFEST = "wireframe-topics.json"
_MODEL_FILE = "lda.gensim"
_PHRASES_FILE = "phrases.json"


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _model_files(folder: Path) -> list[Path]:
    """The files gensim wrote for the model: the pickle and its side files."""
    return sorted(p for p in folder.glob(_MODEL_FILE + "*") if p.is_file())


@_doc
def save(model: TopicModel, folder: str | Path) -> Path:
    """Save the gensim model, the phrases and a manifest of SHA-256 sums in a folder.

    Parameters
    ----------
    {model}
    folder : str or Path
        Where to write; created when missing. A model saved there before is
        replaced.

    Returns
    -------
    Path
        The manifest, ``FOLDER/wireframe-topics.json``.

    Raises
    ------
    TypeError
        For a bad ``model``.

    Notes
    -----
    gensim saves ``lda.gensim`` and its side files (``.state``,
    ``.id2word``, large arrays as ``.npy``); they are pickles, and loading a
    pickle runs whatever code it holds. The phrases go to ``phrases.json``
    (plain data, no pickle). The manifest records the SHA-256 of every
    file, the settings, and the versions of wireframe, gensim and NumPy;
    :func:`load` refuses any file that does not match. The manifest ties
    the files together; it does not prove who wrote them, so load only
    folders you made.

    Examples
    --------
    >>> save(model, "models/newsarticles_k20")  # doctest: +SKIP
    PosixPath('models/newsarticles_k20/wireframe-topics.json')
    """
    _check_model("topics.save", model)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*_model_files(out), out / _PHRASES_FILE, out / _MANIFEST]:
        stale.unlink(missing_ok=True)
    model.lda.save(str(out / _MODEL_FILE))
    if model.phrases is not None:
        (out / _PHRASES_FILE).write_text(
            json.dumps(text.phrases_to_dict(model.phrases), sort_keys=True), encoding="utf-8")
    files = [*_model_files(out)] + ([out / _PHRASES_FILE] if model.phrases is not None else [])
    from wireframe import __version__

    manifest = {
        "format": "wireframe.topics model 1",
        "settings": model.settings,
        "files": {p.name: _sha256(p) for p in files},
        "versions": {"wireframe": __version__, "gensim": gensim.__version__,
                     "numpy": np.__version__},
    }
    path = out / _MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    logger.info("saved K=%d model to %s", model.k, out)
    return path


class ModelFileError(ValueError):
    """A saved model does not match its manifest; it is not loaded."""


def load(folder: str | Path) -> TopicModel:
    """Load a model saved by :func:`save`, after checking every file's SHA-256.

    Parameters
    ----------
    folder : str or Path
        The folder :func:`save` wrote.

    Returns
    -------
    TopicModel
        With ``corpus`` None: pass stories to :func:`proportions`.

    Raises
    ------
    FileNotFoundError
        When the folder or its manifest is missing.
    ModelFileError
        (a ValueError) When a file is missing, added or changed since it
        was saved: nothing is unpickled then.

    Examples
    --------
    >>> model = load("models/newsarticles_k20")  # doctest: +SKIP
    """
    root = Path(folder)
    manifest_path = root / _MANIFEST
    if not manifest_path.is_file():
        raise FileNotFoundError(
            f"{manifest_path} not found: load only reads folders written by "
            "wireframe.topics.save (gensim models are pickles; a file without its manifest is "
            "not loaded)"
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = manifest.get("files", {})
    if _MODEL_FILE not in listed:
        raise ModelFileError(f"{manifest_path} lists no {_MODEL_FILE}; not a wireframe model")
    present = {p.name for p in _model_files(root)}
    extra = sorted(present - set(listed))
    if extra:
        raise ModelFileError(
            f"refusing to load {root}: {', '.join(extra)} not in the manifest (gensim would "
            "unpickle it); the folder changed after wireframe.topics.save wrote it"
        )
    for name, digest in listed.items():
        path = root / name
        if not path.is_file():
            raise ModelFileError(f"refusing to load {root}: {name} is missing")
        if _sha256(path) != digest:
            raise ModelFileError(
                f"refusing to load {path}: its SHA-256 does not match the manifest written by "
                "wireframe.topics.save. The file changed after it was saved, or was not written "
                "by wireframe; gensim models are pickles, which run code when loaded"
            )
    lda = LdaModel.load(str(root / _MODEL_FILE))
    phrases = None
    if _PHRASES_FILE in listed:
        state = json.loads((root / _PHRASES_FILE).read_text(encoding="utf-8"))
        phrases = text.phrases_from_dict(state)
    settings = manifest["settings"]
    steps = None
    if settings.get("corpus", {}).get("steps") == "default":
        steps = tuple(text.pipeline(phrases=phrases))
    return TopicModel(lda, None, phrases, steps, settings)


@_doc
def export(
    model: TopicModel,
    folder: str | Path,
    *,
    table: pd.DataFrame | None = None,
    format: str = "parquet",
    n: int | None = None,
) -> dict[str, Path]:
    """Write the topic, label, document-topic and representative-story tables.

    Parameters
    ----------
    {model}
    folder : str or Path
        Where to write; created when missing.
    table : DataFrame, optional
        The output of :func:`proportions`; computed for the model's corpus
        when not given.
    format : {"parquet", "csv"}, default "parquet"
        File format; CSV is written with ``\\n`` line ends and no index.
    n : int, optional
        Terms per topic in ``terms`` (see :func:`terms`); all when not
        given.

    Returns
    -------
    dict
        Table name to path: ``terms``, ``labels``, ``proportions``,
        ``representative``.

    Raises
    ------
    ValueError
        For an unknown ``format``.

    Examples
    --------
    >>> export(model, "out/topics", format="csv")  # doctest: +SKIP
    """
    _check_model("topics.export", model)
    check.choice("topics.export", "format", format, FORMATS)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    props = proportions(model) if table is None else table
    tables = {"terms": terms(model, n=n), "labels": labels(model), "proportions": props,
              "representative": representative(props)}
    paths = {}
    for name, frame in tables.items():
        path = out / f"{name}.{format}"
        if format == "csv":
            frame.to_csv(path, index=False, lineterminator="\n")
        else:
            frame.to_parquet(path, index=False)
        paths[name] = path
    return paths
