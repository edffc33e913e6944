"""Outlets and counting units: originality, sources, family members, one row per family.

Per outlet (or any group column): :func:`originality`, the share of its
stories that are reprints and how often others carry its own;
:func:`sources`, whose stories it reprints. :func:`family_members` lists
every family of two or more, original first, for reading. :func:`collapse`
keeps one row per family (the original, or a member chosen by rule), for
counting unique stories instead of placements downstream.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wireframe import _validate as check
from wireframe.syndication.detect import _doc, _family_table

KEEP: tuple[str, ...] = ("original", "earliest", "longest")
"""Rules for the member that stands for a family in :func:`collapse`."""

UNITS: tuple[str, ...] = ("placement", "story")
"""Counting units: every copy (``placement``) or one per family (``story``)."""


def _reprints(func: str, stories: object, by: object
              ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Check a families table and ``by``; return it, its copies, and each copy's original."""
    stories = _family_table(func, stories)
    if by not in stories.columns:
        raise check.fail(func, "by", "a column of `stories`", by)
    copies = stories[stories["relation"] == "copy"]
    by_id = stories.set_index(stories["story_id"].astype("string"))
    return stories, copies, by_id.loc[copies["copy_of"].astype("string")]


@_doc
def originality(stories: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """How much of each outlet's output is its own, and how much others carry.

    Parameters
    ----------
    {family_table}
    {by}

    Returns
    -------
    DataFrame
        One row per group: ``by``, ``stories`` (placements), ``reprints``
        (copies of another outlet's story), ``versions`` (updates of its own
        story), ``reprint_share`` (reprints / stories), ``originals``
        (stories that head a family with a copy elsewhere), ``copies_elsewhere``
        (copies of its stories carried by other outlets); sorted by group.

    Raises
    ------
    wireframe._validate.ParameterError
        When the family columns are missing or ``by`` is not a column.

    See Also
    --------
    sources : whose stories each outlet reprints.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> originality(fam)[["outlet", "reprint_share", "copies_elsewhere"]].values.tolist()
    [['Devdiscourse', 1.0, 0], ['Reuters', 0.0, 1], ['TASS', 0.0, 0]]
    """
    stories, copies, originals = _reprints("syndication.originality", stories, by)
    made = pd.Series(originals[by].to_numpy()).value_counts()
    heads = stories[stories["relation"] == "original"]
    has_copy = heads["story_id"].isin(copies["copy_of"])
    key = stories[by]
    relation = stories["relation"].astype(object)
    out = pd.DataFrame({
        "stories": stories.groupby(by, observed=True).size().astype("int64"),
        "reprints": (relation == "copy").groupby(key, observed=True).sum().astype("int64"),
        "versions": (relation == "version").groupby(key, observed=True).sum().astype("int64"),
    })
    out.index.name = by
    out["reprint_share"] = (out["reprints"] / out["stories"].clip(lower=1)).astype("float64")
    out["originals"] = heads[has_copy].groupby(by, observed=True).size().reindex(
        out.index, fill_value=0)
    out["copies_elsewhere"] = made.reindex(out.index, fill_value=0).to_numpy()
    out = out.reset_index().sort_values(by).reset_index(drop=True)
    for col in ("stories", "reprints", "versions", "originals", "copies_elsewhere"):
        out[col] = out[col].astype("int64")
    out[by] = out[by].astype("string")
    return out[[by, "stories", "reprints", "versions", "reprint_share", "originals",
                "copies_elsewhere"]]


@_doc
def sources(stories: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Whose stories each outlet reprints.

    Parameters
    ----------
    {family_table}
    {by}

    Returns
    -------
    DataFrame
        One row per group and source: ``by``, ``source`` (the ``by`` value of
        the original), ``wire`` (the original's wire credit, NA when none),
        ``reprints``, ``share`` (of the group's reprints); sorted by group,
        then most reprints first.

    Raises
    ------
    wireframe._validate.ParameterError
        When the family columns are missing or ``by`` is not a column.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> sources(fam)[["outlet", "source", "reprints"]].values.tolist()
    [['Devdiscourse', 'Reuters', 1]]
    """
    stories, copies, orig = _reprints("syndication.sources", stories, by)
    wire = orig["wire"] if "wire" in orig.columns else pd.Series(pd.NA, index=orig.index)
    t = pd.DataFrame({by: copies[by].to_numpy(), "source": orig[by].to_numpy(),
                      "wire": wire.to_numpy()})
    out = t.groupby([by, "source", "wire"], dropna=False, observed=True).size().rename(
        "reprints").reset_index()
    out["share"] = out["reprints"] / out.groupby(by)["reprints"].transform("sum")
    out = out.sort_values([by, "reprints", "source"], ascending=[True, False, True])
    for col in (by, "source", "wire"):
        out[col] = out[col].astype("string")
    out["reprints"] = out["reprints"].astype("int64")
    return out.reset_index(drop=True)


@_doc
def family_members(stories: pd.DataFrame) -> pd.DataFrame:
    """List every family with more than one member, original first.

    Parameters
    ----------
    {family_table}

    Returns
    -------
    DataFrame
        One row per member of a family of two or more: ``family_id``,
        ``family_size``, ``story_id``, ``outlet``, ``published``,
        ``relation``, ``similarity``, ``headline``; families in order of
        their original's publication, members original first, then by time.

    Raises
    ------
    wireframe._validate.ParameterError
        When the family columns are missing.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> family_members(fam)["relation"].iloc[0]
    'original'
    """
    check.made_by("syndication.family_members", stories,
                  ("family_id", "family_size", "relation", "similarity"), name="stories",
                  maker="syndication.families(stories)")
    members = stories[stories["family_size"] > 1]
    first = members.groupby("family_id")["published"].transform("min")
    order = members.assign(
        _first=first, _original=members["relation"] != "original"
    ).sort_values(["_first", "family_id", "_original", "published", "story_id"])
    columns = ["family_id", "family_size", "story_id", "outlet", "published", "relation",
               "similarity", "headline"]
    return order[columns].reset_index(drop=True)


@_doc
def collapse(stories: pd.DataFrame, *, unit: str = "story", keep: str = "original") -> pd.DataFrame:
    """Keep one row per family, to count unique stories instead of placements.

    Parameters
    ----------
    {family_table}
    unit : {"story", "placement"}, default "story"
        ``"story"``: one row per family; ``"placement"``: every row, unchanged
        (so that callers can pass their own ``unit`` straight through).
    keep : {"original", "earliest", "longest"}, default "original"
        The member that stands for its family: the family's original, the
        earliest published (ties: smallest ``story_id``), or the one with
        the most words (ties: earliest, then smallest ``story_id``).

    Returns
    -------
    DataFrame
        The kept rows, in table order, with two more columns:
        ``placements`` (the family's size) and ``outlets`` (distinct outlets
        that carried it).

    Raises
    ------
    wireframe._validate.ParameterError
        When ``unit`` or ``keep`` is not an allowed value, or the family
        columns are missing.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> collapse(fam)[["story_id", "placements", "outlets"]].values.tolist()
    [['wire-1', 2, 2], ['other-1', 1, 1]]
    """
    func = "syndication.collapse"
    check.choice(func, "unit", unit, UNITS)
    check.choice(func, "keep", keep, KEEP)
    stories = _family_table(func, stories)
    fam = stories["family_id"]
    placements = stories.groupby(fam, observed=True)["story_id"].transform("size")
    outlets = stories.groupby(fam, observed=True)["outlet"].transform("nunique")
    out = stories.assign(placements=placements.astype("int64"), outlets=outlets.astype("int64"))
    if unit == "placement":
        return out
    if keep == "original":
        chosen = stories["story_id"] == fam
    else:
        words = stories["body"].fillna("").str.count(r"\S+").to_numpy()
        published = stories["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        ids = stories["story_id"].astype(str).to_numpy()
        label = pd.factorize(fam)[0]
        keys = (ids, published, label) if keep == "earliest" else (ids, published, -words, label)
        order = np.lexsort(keys)
        first = np.r_[True, label[order][1:] != label[order][:-1]]
        chosen = np.zeros(len(stories), dtype=bool)
        chosen[order[first]] = True
    return out[np.asarray(chosen, dtype=bool)]
