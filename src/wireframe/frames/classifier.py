"""Classifier: a story-level frame classifier trained on coded stories.

:func:`train_classifier` fits one logistic regression per frame on stories
that coders have read whole (the codes of :func:`read_codes` /
:func:`adjudicate`), over the story's word 1- and 2-grams (tf-idf) and the
frame's lexicon hits (:func:`score`); it cross-validates the model with
folds that keep every syndication family on one side, picks an operating
threshold from the cross-validated predictions by a stated rule, and keeps
both with the model. :func:`classify` gives the calls in the shape of
:func:`score` (``story_id``, ``frame``, ``present``), so that a reader of
score tables, :func:`evaluate` and :func:`corrected_shares` among them,
takes a classifier's calls unchanged. :meth:`Classifier.save` writes the
model as one JSON file (no pickle: vocabulary, idf, coefficients,
thresholds, settings, the cross-validation) and :func:`load_classifier`
reads it back, or a model shipped with wireframe (:func:`classifiers`).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe.frames.boilerplate import strip_furniture
from wireframe.frames.lexicon import _doc, load_lexicon
from wireframe.frames.matching import score, story_text
from wireframe.text import words

__all__ = ["CLASSIFY_COLUMNS", "CV_COLUMNS", "PREDICTION_COLUMNS", "RULES", "Classifier",
           "FrameModel", "classifiers", "classify", "load_classifier", "train_classifier"]

FORMAT = "wireframe-frame-classifier"
VERSION = 1
"""The version of the JSON format :meth:`Classifier.save` writes."""

CLASSIFY_COLUMNS: tuple[str, ...] = ("story_id", "frame", "probability", "present")
"""Columns of :func:`classify`."""

CV_COLUMNS: tuple[str, ...] = (
    "frame", "n", "n_coded_1", "n_called_1", "threshold", "precision", "recall", "f1", "kappa",
    "weighted_precision", "weighted_recall", "weighted_f1", "weighted_kappa",
)
"""Columns of :attr:`Classifier.cv`."""

PREDICTION_COLUMNS: tuple[str, ...] = ("story_id", "frame", "fold", "code", "weight",
                                       "probability", "call")
"""Columns of :attr:`Classifier.predictions` (cross-validated, out of fold)."""

RULES: tuple[str, ...] = ("kappa", "f1")
"""Threshold rules: the cross-validated threshold that maximises Cohen's kappa, or F1."""

_GRID = np.round(np.arange(1, 100) / 100, 2)
"""The thresholds the rule chooses among: 0.01, 0.02, ..., 0.99."""
_CODES = ("story_id", "frame", "code")
_CODES_MAKER = "frames.adjudicate(frames.read_codes(paths))"
_READS = ("story_id", "headline", "body")


def _terms(doc: list[str]) -> list[str]:
    """The analyzer of the vectorizer: the documents are already lists of terms."""
    return doc


def _story_terms(text: str, ngrams: int) -> list[str]:
    """A story's 1- to ``ngrams``-grams of :func:`wireframe.text.words`, furniture blanked."""
    toks = words(strip_furniture(text))
    out = list(toks)
    for n in range(2, ngrams + 1):
        out += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return out


def _fingerprint(lexicon: object) -> str:
    """SHA-256 of a lexicon's entries (frame, pattern, exclusions, period), not its notes."""
    table = load_lexicon(lexicon).table()[["frame", "pattern", "case", "exclude",
                                           "exclude_sentence", "after", "before"]]
    rows = table.astype(str).to_numpy().tolist()
    return hashlib.sha256(json.dumps(rows).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FrameModel:
    """The model of one frame.

    Attributes
    ----------
    frame : str
        The frame it calls.
    features : tuple of str
        Its lexicon features, after the vocabulary's terms: ``lexicon:<frame>``,
        :math:`\\log(1 + hits)` of that frame (or sub-frame) in :func:`score`.
    coef : ndarray
        One coefficient per vocabulary term, then per lexicon feature.
    intercept : float
    threshold : float
        A story is called (``present``) when its probability is at least this.
    """

    frame: str
    features: tuple[str, ...]
    coef: np.ndarray = field(repr=False)
    intercept: float
    threshold: float


@dataclass(frozen=True)
class Classifier:
    """A trained frame classifier (:func:`train_classifier`), one model per frame.

    Attributes
    ----------
    models : tuple of FrameModel
    vocabulary : tuple of str
        The n-grams, in column order.
    idf : ndarray
        Their inverse document frequencies (scikit-learn's smoothed idf).
    settings : dict
        How it was trained: ``ngrams``, ``min_df``, ``max_features``, ``C``,
        ``folds``, ``seed``, ``rule``, ``lexicon`` (names or paths) and
        ``lexicon_sha256`` (of the entries), ``n_train``.
    cv : DataFrame
        The cross-validated performance per frame at its threshold:
        :data:`CV_COLUMNS` (the ``weighted_`` ones by the codes' design
        weights; the others count stories).
    predictions : DataFrame
        The cross-validated (out-of-fold) predictions: :data:`PREDICTION_COLUMNS`;
        ``call`` is at the model's threshold. :func:`evaluate` takes them
        with the codes for design-weighted intervals.
    """

    models: tuple[FrameModel, ...]
    vocabulary: tuple[str, ...] = field(repr=False)
    idf: np.ndarray = field(repr=False)
    settings: Mapping[str, object]
    cv: pd.DataFrame = field(repr=False)
    predictions: pd.DataFrame = field(repr=False)

    @property
    def frames(self) -> list[str]:
        """The frames it calls, in order."""
        return [m.frame for m in self.models]

    def save(self, path: str | Path) -> Path:
        """Write the model as one JSON file (no pickle) and return its path.

        The file holds ``format``, ``version``, ``settings``, ``vocabulary``,
        ``idf``, per frame its ``features``, ``coef``, ``intercept`` and
        ``threshold``, the ``cv`` table and the out-of-fold ``predictions``.
        Floats are written with :func:`repr`, so :func:`load_classifier`
        gives back exactly the same numbers, and the same model gives the
        same bytes.
        """
        p = Path(path)
        pred = self.predictions
        data = {
            "format": FORMAT,
            "version": VERSION,
            "settings": dict(self.settings),
            "frames": [{"frame": m.frame, "threshold": float(m.threshold),
                        "intercept": float(m.intercept), "features": list(m.features),
                        "coef": [float(x) for x in m.coef]} for m in self.models],
            "cv": {c: self.cv[c].tolist() for c in CV_COLUMNS},
            "predictions": {c: pred[c].tolist() for c in PREDICTION_COLUMNS},
            "vocabulary": list(self.vocabulary),
            "idf": [float(x) for x in self.idf],
        }
        p.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                     encoding="utf-8")
        return p

    def _matrix(self, docs: list[list[str]]) -> sp.csr_matrix:
        vec = CountVectorizer(analyzer=_terms, vocabulary={t: i for i, t in
                                                           enumerate(self.vocabulary)})
        return _tfidf(vec.transform(docs), self.idf)


def _tfidf(counts: sp.spmatrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf-idf, l2-normalised rows, with a fixed idf (scikit-learn's transformer)."""
    tf = TfidfTransformer(sublinear_tf=True)
    tf.idf_ = idf
    return sp.csr_matrix(tf.transform(counts))


def _lexicon_features(stories: pd.DataFrame, lexicon: str, frame: str
                      ) -> tuple[tuple[str, ...], np.ndarray]:
    """``log(1 + hits)`` of the frame and each of its sub-frames, one column each."""
    lex = load_lexicon(lexicon)
    names = [frame, *lex.children(frame)]
    table = score(stories, lex)
    hits = table.pivot(index="story_id", columns="frame", values="hits")
    hits = hits.reindex(stories["story_id"].astype(str).tolist())
    cols = [np.log1p(hits[n].to_numpy(dtype=float)) for n in names]
    return tuple(f"lexicon:{n}" for n in names), np.column_stack(cols)


def _codes_table(codes: object, frames: Sequence[str] | None, func: str
                 ) -> tuple[pd.DataFrame, list[str]]:
    """Wide codes: one row per story, a 0/1 column per frame, and ``weight``."""
    table = check.made_by(func, codes, _CODES, name="codes", maker=_CODES_MAKER)
    if "coder" in table.columns and table.duplicated(["story_id", "frame"]).any():
        raise check.ParameterError(
            f"{func}: `codes` has several codes for a story and frame (several coders). "
            f"Fix: one code per story first, {_CODES_MAKER}")
    known = list(dict.fromkeys(table["frame"].astype(str)))
    wanted = list(frames) if frames is not None else known
    for f in wanted:
        check.choice(func, "frames", f, known)
    t = table[table["frame"].astype(str).isin(wanted)].copy()
    t["story_id"] = t["story_id"].astype(str)
    wide = t.pivot(index="story_id", columns="frame", values="code")
    if wide.isna().any().any():
        sid = wide.index[wide.isna().any(axis=1)][0]
        raise check.ParameterError(
            f"{func}: `codes`: story {sid!r} is not coded for every frame in `frames`. Fix: "
            "code it, or train on the frames it was coded for")
    wide = wide[wanted].astype("int64")
    weight = (t.groupby("story_id")["weight"].first().astype(float)
              if "weight" in t.columns else pd.Series(1.0, index=wide.index))
    wide["weight"] = weight.reindex(wide.index).fillna(1.0)
    return wide, wanted


def _metrics(y: np.ndarray, call: np.ndarray, w: np.ndarray) -> list[float]:
    """Precision, recall, F1, kappa with weights ``w``."""
    kw = {"sample_weight": w, "zero_division": 0.0}
    return [float(precision_score(y, call, **kw)), float(recall_score(y, call, **kw)),
            float(f1_score(y, call, **kw)),
            float(cohen_kappa_score(y, call, sample_weight=w)) if len(set(y) | set(call)) > 1
            else float("nan")]


def _threshold(y: np.ndarray, prob: np.ndarray, w: np.ndarray, rule: str | float) -> float:
    """The operating threshold by ``rule`` on out-of-fold probabilities (see train_classifier)."""
    if not isinstance(rule, str):
        return float(rule)
    stat = (lambda c: cohen_kappa_score(y, c, sample_weight=w)) if rule == "kappa" else (
        lambda c: f1_score(y, c, sample_weight=w, zero_division=0.0))
    values = np.array([stat((prob >= t).astype(int)) for t in _GRID])
    best = _GRID[values >= values.max() - 1e-12]
    return float(np.median(best))


def _fit(x: sp.spmatrix, y: np.ndarray, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=5000)
    return model.fit(x, y)


def _vectorize(docs: list[list[str]], min_df: int, max_features: int | None
               ) -> tuple[list[str], np.ndarray, sp.csr_matrix]:
    vec = CountVectorizer(analyzer=_terms, min_df=min_df, max_features=max_features)
    counts = vec.fit_transform(docs)
    vocab = vec.get_feature_names_out().tolist()
    idf = TfidfTransformer(sublinear_tf=True).fit(counts).idf_
    return vocab, idf, _tfidf(counts, idf)


@_doc
def train_classifier(
    stories: pd.DataFrame,
    codes: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    lexicon: str | Path | Sequence[str | Path] | None = None,
    groups: str | None = "family_id",
    folds: int = 5,
    rule: str | float = "kappa",
    ngrams: int = 2,
    min_df: int = 2,
    max_features: int | None = 20000,
    C: float = 10.0,
    min_positives: int = 20,
    seed: int = 0,
    progress: bool | None = None,
) -> Classifier:
    """Train a story-level frame classifier on coded stories, with cross-validation.

    Parameters
    ----------
    {stories}
        Columns read: ``story_id``, ``headline``, ``body`` and ``groups``.
        Every coded story must be in it; other stories are ignored.
    codes : DataFrame
        One code per story and frame (``story_id``, ``frame``, ``code``
        0/1), e.g. :func:`adjudicate` of :func:`read_codes`; a ``weight``
        column (the design's) weights the threshold rule and the
        ``weighted_`` figures.
    frames : sequence of str, optional
        The frames to train; None: every frame in ``codes``.
    lexicon : str, Path or list of them, optional
        The lexicon(s) whose hits (:func:`score`) are features, by shipped
        name or path; None: for each frame the shipped lexicon of its name.
    groups : str or None
        The column of ``stories`` naming each story's syndication family
        (``family_id`` from :func:`wireframe.syndication.families`): a
        family's copies fall in one fold, so no copy of a test story is
        trained on. None: each story its own group (copies may straddle
        folds and the figures be optimistic).
    folds : int
        Folds of the stratified, grouped cross-validation.
    rule : {"kappa", "f1"} or float
        The operating threshold: the one that maximises Cohen's kappa (or
        F1) of the out-of-fold predictions against the codes, weighted by
        ``weight``; a number fixes it.
    ngrams : int
        Longest word n-gram (1: words only).
    min_df : int
        Stories an n-gram must occur in to be a feature.
    max_features : int or None
        Keep the most frequent n-grams only (None: all).
    C : float
        Inverse of the L2 penalty of the logistic regression.
    min_positives : int
        A frame with fewer stories coded 1 is not trained (a warning says
        so): its cross-validated figures would rest on a handful of stories.
    {seed}
        Shuffles the folds.
    {progress}

    Returns
    -------
    Classifier
        With ``cv`` (the cross-validated figures at the threshold) and
        ``predictions`` (out-of-fold).

    Raises
    ------
    ParameterError
        For codes with several codes per story and frame, a coded story
        missing from ``stories``, a frame without a lexicon, no frame with
        ``min_positives`` positives, or ``groups`` not a column.

    See Also
    --------
    classify, load_classifier, evaluate

    Notes
    -----
    Each frame's model is :math:`P(y = 1 \\mid x) = \\sigma(\\beta_0 +
    \\beta^\\top x)`, fitted by scikit-learn's ``LogisticRegression`` (L2,
    ``class_weight="balanced"``: each class weighted by :math:`n / (2 n_c)`,
    so a rare frame is not ignored). :math:`x` is the story's sublinear
    tf-idf over its word 1- to ``ngrams``-grams (:func:`wireframe.text.words`
    of headline and body, page furniture blanked; :math:`tf = 1 + \\log
    c`, :math:`idf = \\ln\\frac{1 + n}{1 + df} + 1`, rows of unit length),
    then :math:`\\log(1 + h)` of the frame's (and each sub-frame's) lexicon
    hits :math:`h`. Cross-validation is scikit-learn's ``StratifiedGroupKFold``:
    in each fold the vocabulary, idf and model are fitted on the training
    stories only. The threshold is the median of the thresholds 0.01, 0.02,
    ..., 0.99 that maximise the rule on the out-of-fold probabilities; since it is
    chosen on the same predictions the ``cv`` figures are reported at, they
    are slightly optimistic: report a measure's figures from a sample coded
    after it was frozen. The final model is fitted on every coded story.

    References
    ----------
    Burscher, B., Odijk, D., Vliegenthart, R., de Rijke, M., & de Vreese,
    C. H. (2014). Teaching the computer to code frames in news. *Communication
    Methods and Measures*, 8(3), 190-206.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": [str(i) for i in range(40)], "headline": "",
    ...                   "body": ["spy agents spied"] * 20 + ["weather was fine"] * 20})
    >>> c = pd.DataFrame({"story_id": t["story_id"], "frame": "espionage",
    ...                   "code": [1] * 20 + [0] * 20})
    >>> m = train_classifier(t, c, groups=None)
    >>> m.cv[["frame", "precision", "recall"]].values.tolist()
    [['espionage', 1.0, 1.0]]
    """
    func = "frames.train_classifier"
    check.stories(func, stories, _READS, unique=True)
    wide, wanted = _codes_table(codes, frames, func)
    folds = check.integer(func, "folds", folds, low=2)
    ngrams = check.integer(func, "ngrams", ngrams, low=1)
    min_df = check.integer(func, "min_df", min_df, low=1)
    if max_features is not None:
        max_features = check.integer(func, "max_features", max_features, low=1)
    C = check.number(func, "C", C, low=0.0, closed="neither")
    min_positives = check.integer(func, "min_positives", min_positives, low=0)
    seed = check.seed(func, seed)
    if isinstance(rule, str):
        check.choice(func, "rule", rule, RULES)
    else:
        rule = check.number(func, "rule", rule, low=0.0, high=1.0)
    ids = stories["story_id"].astype(str)
    missing = sorted(set(wide.index) - set(ids))
    if missing:
        raise check.ParameterError(
            f"{func}: {len(missing)} coded stories are not in `stories` (e.g. {missing[0]!r}). "
            "Fix: pass the Story table the codes were drawn from")
    if groups is not None and groups not in stories.columns:
        raise check.ParameterError(
            f"{func}: `groups` must be a column of `stories`; got {groups!r}, and it has "
            f"{', '.join(map(repr, stories.columns))}. Fix: add family_id with "
            "wireframe.syndication.families(stories), or groups=None")
    lexicons = _lexicons(lexicon, wanted, func)
    keep = []
    for f in wanted:
        pos = int(wide[f].sum())
        if pos < min_positives or pos == len(wide):
            warnings.warn(f"{func}: frame {f!r} has {pos} of {len(wide)} stories coded 1 "
                          f"(min_positives={min_positives}); not trained", stacklevel=2)
        else:
            keep.append(f)
    if not keep:
        raise check.ParameterError(
            f"{func}: no frame has `min_positives` ({min_positives}) stories coded 1 and some "
            "coded 0. Fix: code more stories, or lower min_positives")
    sub = stories.assign(story_id=ids).set_index("story_id").loc[wide.index].reset_index()
    texts = story_text(sub).tolist()
    docs = [_story_terms(t, ngrams) for t in
            tqdm(texts, desc="tokenising", unit="story", disable=_quiet(progress))]
    group = (sub[groups].astype(str).to_numpy() if groups is not None
             else sub["story_id"].to_numpy())
    w = wide["weight"].to_numpy(dtype=float)
    rows, cv, lexfeat = [], [], {}
    for f in keep:
        lexfeat[f] = _lexicon_features(sub, lexicons[f], f)
    bar = tqdm(total=len(keep) * folds, desc="cross-validating", unit="fold",
               disable=_quiet(progress))
    for f in keep:
        y = wide[f].to_numpy(dtype=np.int64)
        names, lx = lexfeat[f]
        prob = np.full(len(y), np.nan)
        fold = np.full(len(y), -1, dtype=np.int64)
        split = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        for k, (tr, te) in enumerate(split.split(np.zeros(len(y)), y, group)):
            vocab, idf, xtr = _vectorize([docs[i] for i in tr], min_df, max_features)
            model = _fit(sp.hstack([xtr, lx[tr]], format="csr"), y[tr], C)
            probe = Classifier((), tuple(vocab), idf, {}, pd.DataFrame(), pd.DataFrame())
            xte = sp.hstack([probe._matrix([docs[i] for i in te]), lx[te]], format="csr")
            prob[te] = model.predict_proba(xte)[:, 1]
            fold[te] = k
            bar.update()
        t = _threshold(y, prob, w, rule)
        call = (prob >= t).astype(np.int64)
        cv.append([f, len(y), int(y.sum()), int(call.sum()), t, *_metrics(y, call, np.ones_like(w)),
                   *_metrics(y, call, w)])
        rows.append(pd.DataFrame({"story_id": wide.index.tolist(), "frame": f, "fold": fold,
                                  "code": y, "weight": w, "probability": prob, "call": call}))
    bar.close()
    vocab, idf, x = _vectorize(docs, min_df, max_features)
    models = []
    for f, row in zip(keep, cv, strict=True):
        names, lx = lexfeat[f]
        model = _fit(sp.hstack([x, lx], format="csr"), wide[f].to_numpy(dtype=np.int64), C)
        models.append(FrameModel(f, names, model.coef_[0].copy(), float(model.intercept_[0]),
                                 row[4]))
    settings = {"ngrams": ngrams, "min_df": min_df, "max_features": max_features, "C": C,
                "folds": folds, "seed": seed, "rule": rule, "groups": groups,
                "lexicon": {f: str(lexicons[f]) for f in keep},
                "lexicon_sha256": {f: _fingerprint(lexicons[f]) for f in keep},
                "n_train": len(wide)}
    return Classifier(tuple(models), tuple(vocab), idf, settings,
                      pd.DataFrame(cv, columns=list(CV_COLUMNS)),
                      pd.concat(rows, ignore_index=True)[list(PREDICTION_COLUMNS)])


def _quiet(progress: bool | None) -> bool | None:
    """tqdm's ``disable``: None shows a bar only on a terminal."""
    return None if progress is None else not progress


def _lexicons(lexicon: object, frames: Sequence[str], func: str) -> dict[str, str]:
    """The lexicon (name or path, as str) whose hits are each frame's features."""
    if lexicon is None:
        from wireframe.frames.lexicon import lexicons as shipped
        names = shipped()
        out = {}
        for f in frames:
            if f not in names:
                raise check.ParameterError(
                    f"{func}: no shipped lexicon is named {f!r}. Fix: pass lexicon= a name "
                    f"or path whose frames include {f!r}")
            out[f] = f
        return out
    given = [lexicon] if isinstance(lexicon, str | Path) else list(lexicon)
    out = {}
    for item in given:
        if not isinstance(item, str | Path):
            raise check.fail(func, "lexicon", "a shipped lexicon's name, a YAML path or a list "
                             "of them (a name or path, so that a saved model can reload it)",
                             item)
        for f in load_lexicon(item).frame_names:
            out.setdefault(f, str(item))
    absent = [f for f in frames if f not in out]
    if absent:
        raise check.ParameterError(
            f"{func}: `lexicon` has no frame {absent[0]!r}. Fix: add a lexicon that has it")
    return {f: out[f] for f in frames}


@_doc
def classify(stories: pd.DataFrame, model: Classifier | str | Path, *,
             frames: Sequence[str] | None = None, progress: bool | None = None
             ) -> pd.DataFrame:
    """Call each story for each frame with a trained classifier.

    Parameters
    ----------
    {stories}
        Columns read: ``story_id``, ``headline``, ``body``.
    model : Classifier, str or Path
        A :class:`Classifier`, a saved one's path, or a shipped one's name
        (:func:`classifiers`).
    frames : sequence of str, optional
        The model's frames to call; None: all.
    {progress}

    Returns
    -------
    DataFrame
        One row per story and frame, stories in input order:
        :data:`CLASSIFY_COLUMNS`. ``probability``: the model's
        :math:`P(y = 1 \\mid x)`; ``present``: probability at least the
        frame's threshold, the call, as in :func:`score` (so
        :func:`evaluate` and :func:`corrected_shares` take it unchanged).

    Raises
    ------
    ParameterError
        For stories that are not a Story table, or a frame the model does
        not call.

    Warns
    -----
    UserWarning
        When a lexicon the model uses has changed since training (its
        entries' SHA-256 differs): the lexicon features no longer mean
        what the coefficients were fitted on.

    See Also
    --------
    train_classifier, score
    """
    func = "frames.classify"
    check.stories(func, stories, _READS)
    if not isinstance(model, Classifier):
        if not isinstance(model, str | Path):
            raise check.fail(func, "model", "a Classifier, a saved model's path or a shipped "
                             "model's name", model, "frames.load_classifier(path)")
        model = load_classifier(model)
    wanted = model.frames if frames is None else list(frames)
    for f in wanted:
        check.choice(func, "frames", f, model.frames)
    settings = model.settings
    ngrams = int(settings["ngrams"])  # type: ignore[call-overload]
    texts = story_text(stories).tolist()
    docs = [_story_terms(t, ngrams) for t in
            tqdm(texts, desc="tokenising", unit="story", disable=_quiet(progress))]
    x = model._matrix(docs)
    ids = stories["story_id"].astype(str).tolist()
    probs = []
    lexicon = settings["lexicon"]
    sha = settings["lexicon_sha256"]
    for m in model.models:
        if m.frame not in wanted:
            continue
        if _fingerprint(lexicon[m.frame]) != sha[m.frame]:  # type: ignore[index]
            warnings.warn(f"{func}: lexicon {lexicon[m.frame]!r} has changed since the "  # type: ignore[index]
                          f"model was trained; retrain it for frame {m.frame!r}", stacklevel=2)
        _, lx = _lexicon_features(stories.assign(story_id=ids), lexicon[m.frame], m.frame)  # type: ignore[index]
        z = sp.hstack([x, lx], format="csr") @ m.coef + m.intercept
        p = 1.0 / (1.0 + np.exp(-z))
        probs.append((m.frame, p, p >= m.threshold))
    n, k = len(ids), len(probs)
    return pd.DataFrame({
        "story_id": pd.array(np.repeat(np.array(ids, dtype=object), k), dtype="string"),
        "frame": pd.array(np.tile(np.array([f for f, _, _ in probs], dtype=object), n),
                          dtype="string"),
        "probability": np.column_stack([p for _, p, _ in probs]).ravel() if k else [],
        "present": np.column_stack([c for _, _, c in probs]).ravel() if k else [],
    })


def _shipped() -> dict[str, Path]:
    folder = resources.files("wireframe") / "data" / "classifiers"
    return {p.name.removesuffix(".json"): Path(str(p)) for p in folder.iterdir()
            if p.name.endswith(".json")}


def classifiers() -> list[str]:
    """The names of the classifiers shipped with wireframe (for :func:`load_classifier`).

    Examples
    --------
    >>> "newsarticles" in classifiers()
    True
    """
    return sorted(_shipped())


def load_classifier(name_or_path: str | Path) -> Classifier:
    """Read a classifier saved by :meth:`Classifier.save`, or a shipped one by name.

    Parameters
    ----------
    name_or_path : str or Path
        A shipped model's name (:func:`classifiers`) or a JSON file.

    Returns
    -------
    Classifier

    Raises
    ------
    FileNotFoundError
        For a path that does not exist.
    ValueError
        For a file that is not a saved classifier, or of a newer format
        version, naming the file.
    """
    shipped = _shipped()
    p = shipped[name_or_path] if isinstance(name_or_path, str) and name_or_path in shipped \
        else Path(name_or_path)
    if not p.exists():
        raise FileNotFoundError(f"frames.load_classifier: no such file: {p} (shipped models: "
                                f"{', '.join(sorted(shipped)) or 'none'})")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"frames.load_classifier: {p} is not JSON ({err}). Fix: pass a file "
                         "written by Classifier.save") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"frames.load_classifier: {p} is not a saved frame classifier (no "
                         f"format {FORMAT!r}). Fix: pass a file written by Classifier.save")
    if data.get("version", 0) > VERSION:
        raise ValueError(f"frames.load_classifier: {p} has format version {data['version']}, "
                         f"newer than this wireframe's {VERSION}. Fix: upgrade wireframe")
    models = tuple(FrameModel(m["frame"], tuple(m["features"]), np.asarray(m["coef"], float),
                              float(m["intercept"]), float(m["threshold"]))
                   for m in data["frames"])
    pred = pd.DataFrame(data["predictions"])[list(PREDICTION_COLUMNS)]
    return Classifier(models, tuple(data["vocabulary"]), np.asarray(data["idf"], float),
                      data["settings"], pd.DataFrame(data["cv"])[list(CV_COLUMNS)], pred)
