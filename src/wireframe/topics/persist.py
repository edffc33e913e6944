"""Persistence: the model saved as arrays and JSON, rebuilt on load without unpickling.

:func:`save` writes what an LDA model is, as plain data: the topic-word
variational parameters (``lambda.npy``, K x V), the priors (``alpha.npy``,
``eta.npy``), the vocabulary (``dictionary.json``), gensim's settings
(``lda.json``), the phrases (``phrases.json``) and a manifest of SHA-256
sums with the fitting settings. :func:`load` checks the manifest, reads the
arrays with ``numpy.load(allow_pickle=False)`` and the JSON with
:mod:`json`, and rebuilds a gensim ``LdaModel`` from them, so loading a
folder runs no code from it, whoever wrote it. :func:`export` writes the
topic tables as Parquet or CSV.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import gensim
import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models import LdaModel

from wireframe import _validate as check
from wireframe import text
from wireframe.io.parquet import write_parquet
from wireframe.topics.describe import labels, proportions, representative, terms
from wireframe.topics.model import TopicModel, _check_model, _doc

__all__ = ["FORMATS", "ModelFileError", "export", "load", "save"]

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("parquet", "csv")
"""File formats of :func:`export`."""

_FORMAT = "wireframe.topics model 2"
_MANIFEST = "wireframe-topics.json"
_ARRAYS = ("lambda", "alpha", "eta")
_DICTIONARY_FILE = "dictionary.json"
_LDA_FILE = "lda.json"
_PHRASES_FILE = "phrases.json"
# gensim's LdaModel settings that inference and describing the topics depend on.
_LDA_SETTINGS = ("num_topics", "chunksize", "passes", "update_every", "decay", "offset",
                 "iterations", "gamma_threshold", "minimum_probability", "minimum_phi_value",
                 "per_word_topics")


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _save_array(path: Path, array: np.ndarray) -> Path:
    np.save(path, np.ascontiguousarray(array), allow_pickle=False)
    return path


def _dictionary_data(dictionary: Dictionary) -> dict[str, object]:
    return {
        "token2id": dict(dictionary.token2id),
        "dfs": {str(k): int(v) for k, v in dictionary.dfs.items()},
        "cfs": {str(k): int(v) for k, v in dictionary.cfs.items()},
        "num_docs": int(dictionary.num_docs), "num_pos": int(dictionary.num_pos),
        "num_nnz": int(dictionary.num_nnz),
    }


def _dictionary(data: dict) -> Dictionary:
    dictionary = Dictionary()
    dictionary.token2id = {str(t): int(i) for t, i in data["token2id"].items()}
    dictionary.dfs = {int(k): int(v) for k, v in data["dfs"].items()}
    dictionary.cfs = {int(k): int(v) for k, v in data["cfs"].items()}
    dictionary.num_docs = int(data["num_docs"])
    dictionary.num_pos = int(data["num_pos"])
    dictionary.num_nnz = int(data["num_nnz"])
    return dictionary


@_doc
def save(model: TopicModel, folder: str | Path) -> Path:
    """Save a model as arrays and JSON, with a manifest of SHA-256 sums, in a folder.

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
    The files: ``lambda.npy`` (gensim's topic-word variational parameters
    :math:`\\lambda`, K x V; the topic-word probabilities are its rows
    normalised), ``alpha.npy`` and ``eta.npy`` (the Dirichlet priors as
    fitted), ``dictionary.json`` (terms, ids, document frequencies),
    ``lda.json`` (gensim's settings: chunk size, iterations, convergence
    threshold ...) and ``phrases.json``; all plain data, nothing pickled.
    The manifest records the SHA-256 of every file, the fitting settings and
    the versions of wireframe, gensim and NumPy. A model fitted with
    ``workers`` (gensim's ``LdaMulticore``) is loaded as an ``LdaModel``
    with the same parameters: inference is the same. The settings name the
    E-step (``estep``), and the loaded model infers with the same one.

    Examples
    --------
    >>> save(model, "models/newsarticles_k20")  # doctest: +SKIP
    PosixPath('models/newsarticles_k20/wireframe-topics.json')
    """
    _check_model("topics.save", model)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    stale = [*(out / f"{a}.npy" for a in _ARRAYS), out / _DICTIONARY_FILE, out / _LDA_FILE,
             out / _PHRASES_FILE, out / _MANIFEST, *out.glob("lda.gensim*")]
    for path in stale:
        path.unlink(missing_ok=True)
    lda = model.lda
    files = [
        _save_array(out / "lambda.npy", lda.state.get_lambda() - lda.eta),
        _save_array(out / "alpha.npy", np.asarray(lda.alpha)),
        _save_array(out / "eta.npy", np.asarray(lda.eta)),
        _json(out / _DICTIONARY_FILE, _dictionary_data(lda.id2word)),
        _json(out / _LDA_FILE, {**{name: getattr(lda, name) for name in _LDA_SETTINGS},
                                "dtype": np.dtype(lda.dtype).name,
                                "numdocs": int(lda.state.numdocs)}),
    ]
    if model.phrases is not None:
        files.append(_json(out / _PHRASES_FILE, text.phrases_to_dict(model.phrases)))
    from wireframe import __version__

    manifest = {
        "format": _FORMAT,
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
    """A saved model does not match its manifest, or is not plain data; it is not loaded."""


def _read_manifest(root: Path) -> dict:
    manifest_path = root / _MANIFEST
    if not manifest_path.is_file():
        raise FileNotFoundError(
            f"{manifest_path} not found: topics.load reads only folders written by "
            "wireframe.topics.save"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFileError(f"{manifest_path} is not a wireframe manifest (not JSON: "
                             f"{err}); nothing was loaded") from err
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        if found == "wireframe.topics model 1":
            raise ModelFileError(
                f"refusing to load {root}: it was saved by an older wireframe as a gensim "
                "pickle, and loading a pickle runs whatever code it holds. Fix: fit the model "
                "again and save it with this wireframe; if you made the folder yourself, "
                "gensim.models.LdaModel.load(path) still reads it")
        raise ModelFileError(f"{manifest_path} is not a wireframe topic model manifest "
                             f"(format {found!r}, expected {_FORMAT!r})")
    return manifest


def _check_files(root: Path, listed: dict) -> None:
    needed = {f"{a}.npy" for a in _ARRAYS} | {_DICTIONARY_FILE, _LDA_FILE}
    missing = sorted(needed - set(listed))
    if missing:
        raise ModelFileError(f"refusing to load {root}: the manifest lists no "
                             f"{', '.join(missing)}")
    for name, digest in listed.items():
        path = root / name
        if not path.is_file():
            raise ModelFileError(f"refusing to load {root}: {name} is missing")
        if _sha256(path) != digest:
            raise ModelFileError(
                f"refusing to load {path}: its SHA-256 does not match the manifest written by "
                "wireframe.topics.save. The file changed after it was saved, or was not written "
                "by wireframe")


def _array(root: Path, name: str) -> np.ndarray:
    try:
        return np.load(root / f"{name}.npy", allow_pickle=False)
    except ValueError as err:  # pickled object arrays, or not a .npy file at all
        raise ModelFileError(f"refusing to load {root / (name + '.npy')}: not a plain numeric "
                             f"array ({err}); nothing in it was run") from err


def _data(root: Path, name: str) -> dict:
    try:
        data = json.loads((root / name).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFileError(f"refusing to load {root / name}: not JSON ({err})") from err
    if not isinstance(data, dict):
        raise ModelFileError(f"refusing to load {root / name}: not a JSON object")
    return data


def _rebuild(root: Path, estep: str) -> LdaModel:
    """A gensim LdaModel made from the saved arrays and settings, fitted on nothing.

    Of the class ``estep`` names (:class:`~wireframe.topics._estep.CompiledLda`
    for ``"compiled"``), so that the loaded model infers proportions as the
    fitted one did.
    """
    sstats, alpha, eta = (_array(root, a) for a in _ARRAYS)
    dictionary = _dictionary(_data(root, _DICTIONARY_FILE))
    settings = _data(root, _LDA_FILE)
    k, v = sstats.shape if sstats.ndim == 2 else (0, 0)
    if sstats.ndim != 2 or k != settings.get("num_topics") or v != len(dictionary):
        raise ModelFileError(f"refusing to load {root}: lambda.npy is {sstats.shape}, not "
                             f"{settings.get('num_topics')} topics x {len(dictionary)} terms")
    options = {name: settings[name] for name in _LDA_SETTINGS}
    kind = LdaModel
    if estep == "compiled":
        from wireframe.topics._estep import CompiledLda as kind
    lda = kind(id2word=dictionary, alpha=alpha, eta=eta, dtype=np.dtype(settings["dtype"]),
               random_state=0, eval_every=None, **options)
    lda.state.sstats = sstats.astype(lda.dtype, copy=False)
    lda.state.numdocs = settings["numdocs"]
    lda.sync_state()
    return lda


def load(folder: str | Path) -> TopicModel:
    """Load a model saved by :func:`save`: files checked, model rebuilt, nothing unpickled.

    Parameters
    ----------
    folder : str or Path
        The folder :func:`save` wrote.

    Returns
    -------
    TopicModel
        With ``corpus`` None: pass stories to :func:`proportions`. Its
        topic-word table and the proportions it gives are those of the
        saved model.

    Raises
    ------
    FileNotFoundError
        When the folder or its manifest is missing.
    ModelFileError
        (a ValueError) When a file is missing or changed since it was saved,
        or is not plain data (a pickle put in its place is refused, not
        run), or the folder holds a model saved as a pickle by an older
        wireframe.

    Examples
    --------
    >>> model = load("models/newsarticles_k20")  # doctest: +SKIP
    """
    root = Path(folder)
    manifest = _read_manifest(root)
    listed = manifest.get("files", {})
    if not isinstance(listed, dict):
        raise ModelFileError(f"{root / _MANIFEST} lists no files")
    _check_files(root, listed)
    settings = manifest["settings"]
    # A model saved before the compiled E-step existed was fitted with gensim's; one
    # fitted with workers too (LdaMulticore's processes run gensim's).
    estep = "gensim" if settings.get("workers") is not None else settings.get("estep", "gensim")
    lda = _rebuild(root, estep)
    phrases = None
    if _PHRASES_FILE in listed:
        phrases = text.phrases_from_dict(_data(root, _PHRASES_FILE))
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
            write_parquet(frame, path)
        paths[name] = path
    return paths
