"""Figures of what a corpus holds: stories per outlet and period, credited agencies."""

from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from wireframe.plots.style import _axes, _doc, _needs, _stacked_shares

__all__ = ["volume", "wire_credits"]


@_doc
def volume(table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Draw story counts per group and period as an annotated heatmap.

    A heatmap, not one line per group: with nine outlets, lines cross and
    hide each other, while a grid of counts stays readable at print size.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.aggregate.volume`: columns ``by``,
        ``period`` (UTC start), ``n``.
    by : str, default "outlet"
        The group column: one row of the heatmap per group.
    {ax}

    Returns
    -------
    Axes
    """
    _needs("plots.volume", table, (by, "period", "n"), "aggregate.volume")
    labels = table["period"].dt.strftime("%d %b %Y")
    grid = table.assign(period=labels).pivot(index=by, columns="period", values="n")
    grid = grid[list(dict.fromkeys(labels))]
    ax = _axes(ax, (max(6.0, 0.45 * grid.shape[1] + 2.5), 0.42 * grid.shape[0] + 1.6))
    sns.heatmap(grid, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5,
                annot_kws={"fontsize": 7}, ax=ax)
    ax.tick_params(axis="x", labelrotation=90)
    ax.set_xlabel("Week starting (Monday, UTC)")
    ax.set_ylabel("")
    return ax


@_doc
def wire_credits(table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Draw each group's stories split by the agency credited, as stacked bars.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.wire.credits`: columns ``by``,
        ``wire`` ("none" for no credit), ``stories``, ``share``.
    by : str, default "outlet"
        The group column: one bar per group, in table order.
    {ax}

    Returns
    -------
    Axes
    """
    _needs("plots.wire_credits", table, (by, "wire", "share"), "wire.credits")
    groups = list(dict.fromkeys(table[by]))
    agencies = sorted(set(table["wire"]) - {"none"})
    # seaborn's colour-blind palette without its grey, which is kept for "no credit".
    colors = [c for i, c in enumerate(sns.color_palette("colorblind", 10)) if i != 7]
    colors += sns.color_palette("dark", 10)
    palette = {a: colors[i % len(colors)] for i, a in enumerate(agencies)}
    palette["none"] = (0.85, 0.85, 0.85)
    grid = table.pivot(index=by, columns="wire", values="share").reindex(groups).fillna(0.0)
    ax = _axes(ax, (7.5, 0.4 * len(groups) + 1.5))
    order = [a for a in [*agencies, "none"] if a in grid.columns]
    _stacked_shares(ax, grid[order], palette, {"none": "no credit found"})
    ax.set_xlabel("Share of the outlet's stories")
    ax.legend(title="Credited agency", frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax
