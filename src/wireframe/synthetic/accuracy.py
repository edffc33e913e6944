"""How well copy detection and copy diffs match the truth of an evaluation set.

:func:`detection_accuracy` scores :func:`wireframe.syndication.families`
against the truth table of :func:`~wireframe.synthetic.evaluation_set`
(pairwise precision and recall, per edit); :func:`agreement` scores
:func:`wireframe.syndication.classify` (how often it names the edit that was
applied).
"""

from __future__ import annotations

import warnings

import pandas as pd

from wireframe import _validate as check
from wireframe._docs import Docs
from wireframe.synthetic.copies import EDITS

__all__ = ["agreement", "detection_accuracy", "score"]

_doc = Docs(truth="""truth : DataFrame
        The truth table of :func:`~wireframe.synthetic.evaluation_set`.""")


@_doc
def detection_accuracy(truth: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Pairwise precision and recall of families against the truth, overall and per edit.

    Parameters
    ----------
    {truth}
    found : DataFrame
        The output of :func:`wireframe.syndication.families` on its stories.

    Returns
    -------
    DataFrame
        One row per edit of :data:`~wireframe.synthetic.EDITS` present, then ``"all"``: ``edit``,
        ``n`` (copies), ``precision``, ``recall``, ``found`` (copies put in
        their original's family), ``false_links`` (pairs wrongly joined).

    Notes
    -----
    Two stories form a *pair* when they are in one family. For a story s,
    let P(s) be the other members of its found family, T(s) those of its
    true family. Precision is sum |P(s) & T(s)| / sum |P(s)|, recall is
    sum |P(s) & T(s)| / sum |T(s)|, summed over all stories (``"all"``,
    the usual pairwise measures) or over the copies made by one edit.

    Examples
    --------
    >>> truth = pd.DataFrame({"story_id": ["a", "b", "c"], "role": ["original", "copy",
    ...     "original"], "original_id": ["a", "a", "c"], "edit": [None, "verbatim", None]})
    >>> found = pd.DataFrame({"story_id": ["a", "b", "c"], "family_id": ["a", "a", "a"]})
    >>> detection_accuracy(truth, found)[["edit", "n", "precision", "recall", "found",
    ...                                   "false_links"]].values.tolist()
    [['verbatim', 1, 0.5, 1.0, 1, 1], ['all', 1, 0.3333333333333333, 1.0, 1, 4]]
    """
    func = "synthetic.detection_accuracy"
    check.made_by(func, truth, ["story_id", "original_id", "edit"], name="truth",
                  maker="synthetic.evaluation_set(pools)")
    check.made_by(func, found, ["story_id", "family_id"], name="found",
                  maker="syndication.families(stories)")
    f = found.set_index("story_id")["family_id"]
    t = truth.set_index("story_id")
    df = pd.DataFrame({"true": t["original_id"], "found": f.loc[t.index].to_numpy()})
    both = df.groupby(["true", "found"]).size().rename("both")
    df = df.join(both, on=["true", "found"])
    df["p"] = df.groupby("found")["true"].transform("size") - 1
    df["t"] = df.groupby("true")["found"].transform("size") - 1
    df["both"] = df["both"] - 1
    df["edit"] = t["edit"]
    orig_found = f.loc[t["original_id"]].to_numpy()
    df["hit"] = df["found"].to_numpy() == orig_found
    rows = []
    groups = [(e, df[df["edit"] == e]) for e in EDITS if (df["edit"] == e).any()]
    for name, g in [*groups, ("all", df)]:
        copies_ = g[g["edit"].notna()]
        rows.append({
            "edit": name, "n": len(copies_),
            "precision": g["both"].sum() / max(g["p"].sum(), 1),
            "recall": g["both"].sum() / max(g["t"].sum(), 1),
            "found": int(copies_["hit"].sum()),
            "false_links": int((g["p"] - g["both"]).sum()),
        })
    return pd.DataFrame(rows)


@_doc
def agreement(truth: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    """How often :func:`classify` names the edit that was applied.

    Parameters
    ----------
    {truth}
    classified : DataFrame
        The output of :func:`wireframe.syndication.classify` (on
        :func:`truth_families`, or on found families).

    Returns
    -------
    DataFrame
        One row per edit, then ``"all"``: ``edit``, ``expected``, ``n``
        (copies classified), ``agree`` (share whose ``kind`` is the expected
        one), ``got`` (the kinds given, most common first, as "kind:n").

    Examples
    --------
    >>> truth = pd.DataFrame({"story_id": ["a", "b"], "role": ["original", "copy"],
    ...     "edit": [None, "tail_trimmed"], "expected": [None, "truncated"]})
    >>> classified = pd.DataFrame({"story_id": ["b"], "kind": ["truncated"]})
    >>> agreement(truth, classified)[["edit", "n", "agree", "got"]].values.tolist()
    [['tail_trimmed', 1, 1.0, 'truncated:1'], ['all', 1, 1.0, 'truncated:1']]
    """
    func = "synthetic.agreement"
    check.made_by(func, truth, ["story_id", "role", "edit", "expected"], name="truth",
                  maker="synthetic.evaluation_set(pools)")
    check.made_by(func, classified, ["story_id", "kind"], name="classified",
                  maker="syndication.classify(families)")
    t = truth[truth["role"] == "copy"].set_index("story_id")
    c = classified.set_index("story_id").reindex(t.index)
    df = pd.DataFrame({"edit": t["edit"], "expected": t["expected"], "kind": c["kind"]})
    df = df[df["kind"].notna()]
    rows = []
    for name in [e for e in EDITS if (df["edit"] == e).any()] + ["all"]:
        g = df if name == "all" else df[df["edit"] == name]
        got = g["kind"].value_counts()
        rows.append({"edit": name, "expected": EDITS[name].expected if name in EDITS else "",
                     "n": len(g), "agree": float((g["kind"] == g["expected"]).mean()),
                     "got": ", ".join(f"{k}:{v}" for k, v in got.items())})
    return pd.DataFrame(rows)


def score(truth: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Deprecated: the old name of :func:`detection_accuracy`, kept for one release.

    It warns (``DeprecationWarning``) and returns :func:`detection_accuracy`'s
    table; call that instead.
    """
    warnings.warn("synthetic.score is deprecated and will be removed in the next release; "
                  "call synthetic.detection_accuracy (the same table)", DeprecationWarning,
                  stacklevel=2)
    return detection_accuracy(truth, found)
