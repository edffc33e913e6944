"""Figures of syndicated copies: what copies change, who reprints, how well copies are found."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from wireframe.plots.style import _axes, _doc, _needs, _stacked_shares, outlet_colors

__all__ = ["detection_accuracy", "edit_kinds", "originality"]


@_doc
def edit_kinds(table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Draw what each outlet does to the stories it reprints, as stacked bars.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.syndication.edit_kinds`: columns
        ``by``, ``kind``, ``n``, ``share``.
    by : str, default "outlet"
        The group column: one bar per group with copies, in table order.
    {ax}

    Returns
    -------
    Axes
    """
    _needs("plots.edit_kinds", table, (by, "kind", "n", "share"), "syndication.edit_kinds")
    totals = table.groupby(by, sort=False)["n"].sum()
    groups = [g for g in dict.fromkeys(table[by]) if totals[g] > 0]
    kinds = list(dict.fromkeys(table["kind"]))
    grid = table.pivot(index=by, columns="kind", values="share").reindex(groups)[kinds]
    # Edits that cut text in warm colours, additions and light edits in cool
    # ones, identical copies in grey: the order of syndication.EDIT_KINDS.
    colors = sns.color_palette("colorblind", 10)
    palette = dict(zip(["truncated", "paragraphs_removed", "lede_rewritten",
                        "paragraphs_rewritten", "paragraphs_added", "lightly_edited",
                        "headline_rewritten", "identical"],
                       [colors[3], colors[1], colors[4], colors[8], colors[0], colors[9],
                        colors[2], (0.8, 0.8, 0.8)], strict=True))
    ax = _axes(ax, (7.5, 0.4 * len(groups) + 1.5))
    _stacked_shares(ax, grid, {k: palette.get(k, colors[7]) for k in kinds},
                    {k: k.replace("_", " ") for k in kinds})
    ax.set_yticks(range(len(groups)), [f"{g} (n={totals[g]})" for g in groups])
    ax.set_xlabel("Share of the outlet's copies (kind: the edit that changes most text)")
    ax.legend(title="What the copy did", frameon=False, bbox_to_anchor=(1.01, 1),
              loc="upper left")
    return ax


@_doc
def originality(table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Draw the share of each outlet's stories that are reprints of another's.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.syndication.originality`: columns
        ``by``, ``stories``, ``reprints``, ``reprint_share``.
    by : str, default "outlet"
        The group column: one bar per group, in table order, in the group's
        colour (:func:`outlet_colors`) when ``by`` is "outlet".
    {ax}

    Returns
    -------
    Axes
    """
    _needs("plots.originality", table, (by, "stories", "reprints", "reprint_share"),
           "syndication.originality")
    groups = list(table[by])
    colors = outlet_colors(groups) if by == "outlet" else {g: "0.4" for g in groups}
    ax = _axes(ax, (6.5, 0.4 * len(groups) + 1.5))
    ax.barh(groups, table["reprint_share"], color=[colors[g] for g in groups])
    for y, (share, n, k) in enumerate(zip(table["reprint_share"], table["stories"],
                                          table["reprints"], strict=True)):
        ax.text(share, y, f" {k:,} of {n:,}", va="center", fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(table["reprint_share"].max()) * 1.25, 0.05))
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel("Stories that reprint another outlet's story")
    return ax


@_doc
def detection_accuracy(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw precision and recall of copy detection per kind of edit, as dots.

    Parameters
    ----------
    table : DataFrame
        Long form of :func:`wireframe.synthetic.detection_accuracy`: columns
        ``edit``, ``n``, ``measure`` ("precision" or "recall"), ``value``; the row
        ``edit == "all"`` is drawn last, as the overall result.
    {ax}

    Returns
    -------
    Axes
    """
    _needs("plots.detection_accuracy", table, ("edit", "n", "measure", "value"),
           "synthetic.detection_accuracy, melted to long form")
    edits = [e for e in dict.fromkeys(table["edit"]) if e != "all"] + ["all"]
    edits = [e for e in edits if e in set(table["edit"])]
    n = table.drop_duplicates("edit").set_index("edit")["n"]
    ax = _axes(ax, (7, 0.35 * len(edits) + 1.5))
    colors = sns.color_palette("colorblind", 2)
    for (measure, marker, offset), color in zip(
        (("precision", "o", -0.15), ("recall", "s", 0.15)), colors, strict=True
    ):
        rows = table[table["measure"] == measure].set_index("edit").reindex(edits)
        ax.plot(rows["value"], [i + offset for i in range(len(edits))], marker, color=color,
                label=measure, markersize=5)
    ax.set_yticks(range(len(edits)),
                  [f"{e.replace('_', ' ')} (n={n[e]})" for e in edits])
    ax.invert_yaxis()
    ax.axhline(len(edits) - 1.5, color="0.7", linewidth=0.8)
    low = min(0.9, float(table["value"].min()) - 0.02)
    ax.set_xlim(low, 1.005)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel("Pairwise precision and recall")
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax
