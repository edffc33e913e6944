"""Figures of framing: a frame's share or rate per outlet, pooled or per period."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from wireframe import _validate as check
from wireframe.plots.style import _axes, _doc, _needs, outlet_colors

__all__ = ["frame_by_period", "frame_rates"]


@_doc
def frame_rates(
    table: pd.DataFrame,
    *,
    frame: str | None = None,
    measure: str = "share",
    by: str = "outlet",
    ax: Axes | None = None,
) -> Axes:
    """Draw one frame's share (or rate) per group, with its interval, as a dot plot.

    Groups are sorted from highest to lowest; each has its dot, its
    interval as a line and, at the right, the counts behind it (stories
    with the frame of all stories). Outlets keep their house colours.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.aggregate.frame_rates` without
        ``period`` (or with a single period).
    frame : str, optional
        The frame to draw; needed when the table holds several.
    {measure}
    by : str, default "outlet"
        The group column.
    {ax}

    Returns
    -------
    Axes
    """
    func = "plots.frame_rates"
    check.choice(func, "measure", measure, ("share", "rate"))
    _needs(func, table, (by, "frame", "unit", "n", "n_present", measure, f"{measure}_low",
                         f"{measure}_high"), "aggregate.frame_rates")
    if "period" in table.columns and table["period"].nunique() > 1:
        raise check.ParameterError(
            f"{func}: the table has several periods; make it with "
            "aggregate.frame_rates(period=None) or select one period"
        )
    names = list(dict.fromkeys(table["frame"]))
    if frame is None and len(names) > 1:
        raise check.ParameterError(
            f"{func}: the table holds frames {', '.join(names)}: pass `frame`")
    frame = frame if frame is not None else names[0]
    check.choice(func, "frame", frame, names)
    rows = table[table["frame"] == frame].sort_values([measure, by], ascending=[False, True])
    groups = rows[by].astype(str).tolist()
    colors = outlet_colors(groups) if by == "outlet" else dict.fromkeys(groups, "0.25")
    ax = _axes(ax, (6.5, 0.38 * len(groups) + 1.4))
    y = range(len(groups))
    low = rows[measure] - rows[f"{measure}_low"]
    high = rows[f"{measure}_high"] - rows[measure]
    for i, (g, value, lo, hi) in enumerate(zip(groups, rows[measure], low, high, strict=True)):
        ax.errorbar(value, i, xerr=[[lo], [hi]], fmt="o", color=colors[g], ecolor=colors[g],
                    elinewidth=1.5, capsize=0, markersize=5)
    ax.set_yticks(list(y), groups)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    unit = rows["unit"].iloc[0] if len(rows) else "placement"
    counted = "placements" if unit == "placement" else "unique stories"
    if measure == "share":
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.set_xlabel(f"Share of {counted} with the frame")
    else:
        ax.set_xlabel(f"Hits per 1,000 words ({counted})")
    for i, (k, n) in enumerate(zip(rows["n_present"], rows["n"], strict=True)):
        ax.annotate(f"{k:,} / {n:,}", xy=(1.0, i), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=7,
                    color="0.35")
    ax.set_title(frame.replace("_", " "), loc="left")
    ax.set_ylabel("")
    return ax


@_doc
def frame_by_period(
    table: pd.DataFrame,
    *,
    frame: str,
    measure: str = "share",
    by: str = "outlet",
    min_n: int = 20,
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw one frame's share (or rate) per group and period, with intervals.

    One row per group; within a row, one dot and interval per period,
    coloured from light (early) to dark (late). Lines across groups and
    months would cross and hide each other; rows keep each outlet readable.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.aggregate.frame_rates` with a
        ``period`` column.
    frame : str
        The frame to draw.
    {measure}
    by : str, default "outlet"
        The group column: one row per group, in name order.
    min_n : int, default 20
        Periods in which a group has fewer stories are not drawn: their
        intervals span most of the axis and say nothing.
    legend : bool, default True
        Draw the legend of periods (off for all but one panel of a row).
    {ax}

    Returns
    -------
    Axes
    """
    func = "plots.frame_by_period"
    check.choice(func, "measure", measure, ("share", "rate"))
    min_n = check.integer(func, "min_n", min_n, low=0)
    legend = check.flag(func, "legend", legend)
    _needs(func, table, (by, "period", "frame", "n", measure, f"{measure}_low",
                         f"{measure}_high"), "aggregate.frame_rates(..., period='month')")
    data = table[(table["frame"] == frame) & (table["n"] >= min_n)]
    ax = _axes(ax, (6, 0.5 * data[by].nunique() + 1.5))
    if data.empty:
        # A small corpus is not an error: say on the figure why it is empty.
        ax.text(0.5, 0.5, f"no {by} has {min_n} or more stories in any period",
                ha="center", va="center", transform=ax.transAxes, color="0.4")
        ax.set_yticks([])
        return ax
    groups = sorted(data[by].astype(str).unique())
    periods = sorted(table["period"].unique())
    colors = dict(zip(periods, sns.color_palette("crest", len(periods)), strict=True))
    step = 0.7 / max(len(periods), 1)
    scale = 100.0 if measure == "share" else 1.0
    for j, period in enumerate(periods):
        rows = data[data["period"] == period]
        y = [groups.index(g) + (j - (len(periods) - 1) / 2) * step for g in rows[by].astype(str)]
        x = rows[measure] * scale
        ax.hlines(y, rows[f"{measure}_low"] * scale, rows[f"{measure}_high"] * scale,
                  color=colors[period], linewidth=1.2)
        ax.plot(x, y, "o", color=colors[period], markersize=4,
                label=pd.Timestamp(period).strftime("%b %Y"))
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels(groups)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel("Stories with the frame (%)" if measure == "share" else "Hits per 1,000 words")
    if legend:
        ax.legend(title="Month (UTC)", frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax
