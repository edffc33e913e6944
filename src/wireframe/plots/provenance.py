"""Figures of frame provenance: what each outlet inherits from the wire, adds and cuts."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from wireframe import _validate as check
from wireframe.plots.style import _axes, _doc, _needs

__all__ = ["frame_provenance"]

# Inherited in grey (the wire's framing), added in blue, cut in orange,
# changed in purple, own in green: the same in every figure.
_COLORS = dict(zip(("inherited", "added", "cut", "changed", "own"),
                   [(0.55, 0.55, 0.55), *(sns.color_palette("colorblind", 5)[i]
                                          for i in (0, 1, 4, 2))], strict=True))
_MARKERS = {"inherited": "o", "added": "^", "cut": "v", "changed": "D", "own": "s"}


@_doc
def frame_provenance(
    table: pd.DataFrame,
    *,
    frame: str | None = None,
    field: str = "body",
    measures: tuple[str, ...] = ("inherited", "added", "cut"),
    ax: Axes | None = None,
) -> Axes:
    """Draw, per outlet (or wire), the share of copies that inherit, add or cut a frame.

    One row per group with copies, one dot per measure with its interval as
    a line; the labels give the group's n (copies, or unique stories), so a
    share of one copy reads as what it is.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.frames.provenance_shares`.
    frame : str, optional
        The frame to draw; needed when the table holds several.
    field : {"body", "headline", "story"}, default "body"
        Where the frame language is: headlines are measured apart.
    measures : tuple of str, default ("inherited", "added", "cut")
        Which measures of :data:`wireframe.frames.MEASURES` to draw, in
        this order from the top of each row. A group is drawn when the
        first measure has stories to count.
    {ax}

    Returns
    -------
    Axes
    """
    func = "plots.frame_provenance"
    _needs(func, table, ("frame", "field", "measure", "unit", "n", "share", "share_low",
                         "share_high"), "frames.provenance_shares")
    by = table.columns[0]
    check.choice(func, "field", field, ("body", "headline", "story"))
    measures = tuple(measures) if isinstance(measures, tuple | list) else (measures,)
    for m in measures:
        check.choice(func, "measures", m, tuple(_COLORS))
    names = list(dict.fromkeys(table["frame"]))
    if frame is None and len(names) > 1:
        raise check.ParameterError(f"{func}: the table holds frames {', '.join(names)}: pass "
                                   "`frame`")
    frame = frame if frame is not None else names[0]
    check.choice(func, "frame", frame, names)
    rows = table[(table["frame"] == frame) & (table["field"] == field)]
    first = rows[(rows["measure"] == measures[0]) & (rows["n"] > 0)]
    groups = list(dict.fromkeys(first[by].astype(str)))
    n = first.set_index(first[by].astype(str))["n"]
    ax = _axes(ax, (6.5, 0.5 * len(groups) + 1.6))
    step = 0.7 / max(len(measures), 1)
    for k, m in enumerate(measures):
        part = rows[rows["measure"] == m].set_index(rows.loc[rows["measure"] == m, by]
                                                    .astype(str)).reindex(groups)
        y = [i - 0.35 + step * (k + 0.5) for i in range(len(groups))]
        low = (part["share"] - part["share_low"]).fillna(0)
        high = (part["share_high"] - part["share"]).fillna(0)
        ax.errorbar(part["share"], y, xerr=[low, high], fmt=_MARKERS[m], color=_COLORS[m],
                    ecolor=_COLORS[m], elinewidth=1.2, capsize=0, markersize=5, label=m)
    unit = rows["unit"].iloc[0] if len(rows) else "story"
    counted = "unique stories" if unit == "story" else "placements"
    ax.set_yticks(range(len(groups)), [f"{g} (n={n[g]})" for g in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    where = {"body": "the body", "headline": "the headline", "story": "headline or body"}[field]
    ax.set_xlabel(f"Share of copies ({counted}); {frame.replace('_', ' ')} in {where}")
    ax.legend(title="The copy's outlet", frameon=False, bbox_to_anchor=(1.01, 1),
              loc="upper left")
    return ax
