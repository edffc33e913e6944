"""Figures in one house style, and ``save_figure``, the only function that writes.

Plot helpers take a tidy table from :mod:`wireframe.aggregate` (or another
measuring module), draw on an Axes (a new one when none is given) and return
it; they compute no statistic and never show or save. :func:`save_figure`
writes ``NAME.png`` (200 dpi), ``NAME.svg`` and ``NAME.csv``, the numbers
behind the figure, byte-stable for the same input.

Every outlet has one colour across all figures (:func:`outlet_colors`), taken
from seaborn's colour-blind-safe palette.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "OUTLET_ORDER", "fightin_words", "frame_rates", "keyness_bars", "outlet_colors",
    "save_figure", "set_theme", "volume",
    "wire_credits",
    "detection_accuracy", "edit_kinds", "frame_by_period", "originality",
    "topic_difference", "topic_prevalence", "topic_sweep",
]

OUTLET_ORDER: tuple[str, ...] = (
    "Al Jazeera", "TASS", "ABC News", "RTÉ", "HuffPost", "DW", "China Daily Europe", "BBC",
    "CNN", "Reuters",
)
"""Outlets with a reserved colour, in palette order; others follow, sorted by name."""

DPI = 200


def set_theme() -> None:
    """Apply the house style: seaborn's ticks theme, print-size fonts, fixed metadata."""
    sns.set_theme(context="paper", style="ticks", palette="colorblind", font_scale=1.1)
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            # A fixed hash salt keeps SVG element ids the same from run to run.
            "svg.hashsalt": "wireframe",
        }
    )


def outlet_colors(outlets: Iterable[str]) -> dict[str, tuple[float, float, float]]:
    """Return one colour per outlet, the same in every figure.

    Outlets of :data:`OUTLET_ORDER` keep their reserved colours; any other
    outlet gets the next free colour in alphabetical order (the palette
    repeats after 20 outlets, from seaborn's "colorblind" then "pastel").

    Examples
    --------
    >>> outlet_colors(["CNN", "TASS"])["TASS"] == outlet_colors(["TASS"])["TASS"]
    True
    """
    palette = sns.color_palette("colorblind", 10) + sns.color_palette("pastel", 10)
    # The colour-blind palette's yellow is unreadable as a thin line on white.
    palette[8] = (0.2, 0.2, 0.2)
    names = list(dict.fromkeys(outlets))
    known = {name: palette[i] for i, name in enumerate(OUTLET_ORDER)}
    others = sorted(n for n in names if n not in known)
    free = palette[len(OUTLET_ORDER):] + palette[: len(OUTLET_ORDER)]
    known.update({name: free[i % len(free)] for i, name in enumerate(others)})
    return {n: known[n] for n in names}


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        set_theme()
        _, ax = plt.subplots(figsize=figsize)
    return ax


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
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    for col in (by, "period", "n"):
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; make it with aggregate.volume")
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


def _stacked_shares(ax: Axes, grid: pd.DataFrame, colors: dict, labels: dict) -> None:
    """One horizontal bar per row of ``grid`` (groups x parts, shares), parts stacked in
    column order; parts with no share anywhere are left out of the bars and the legend."""
    grid = grid.fillna(0.0)
    left = pd.Series(0.0, index=grid.index)
    for part in grid.columns:
        if grid[part].sum() > 0:
            ax.barh(list(grid.index), grid[part], left=left, color=colors[part],
                    label=labels.get(part, part), edgecolor="white", linewidth=0.5)
        left += grid[part]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))


def wire_credits(table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Draw each group's stories split by the agency credited, as stacked bars.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.wire.credits`: columns ``by``,
        ``wire`` ("none" for no credit), ``stories``, ``share``.
    by : str, default "outlet"
        The group column: one bar per group, in table order.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    for col in (by, "wire", "share"):
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; make it with wire.credits")
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
    measure : {"share", "rate"}, default "share"
        Share of stories with the frame, or hits per 1,000 words.
    by : str, default "outlet"
        The group column.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    allowed = ("share", "rate")
    if measure not in allowed:
        raise ValueError(f"`measure` must be one of 'share', 'rate'; got {measure!r}")
    needed = (by, "frame", "unit", "n", "n_present", measure, f"{measure}_low", f"{measure}_high")
    for col in needed:
        if col not in table.columns:
            raise ValueError(
                f"the table needs a column {col!r}; make it with aggregate.frame_rates"
            )
    if "period" in table.columns and table["period"].nunique() > 1:
        raise ValueError(
            "the table has several periods; make it with aggregate.frame_rates(period=None) "
            "or select one period"
        )
    names = list(dict.fromkeys(table["frame"]))
    if frame is None and len(names) > 1:
        raise ValueError(f"the table holds frames {', '.join(names)}: pass `frame`")
    frame = frame if frame is not None else names[0]
    if frame not in names:
        raise ValueError(f"`frame` must be one of {', '.join(names)}; got {frame!r}")
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


def _comparison(table: pd.DataFrame, target: str | None, reference: object) -> tuple[str, str]:
    """Names of the two sides of a keyness table: from the arguments, else its attrs.

    A pooled reference (several groups, or "all others") is named by its
    groups joined with " + ", or "all others".
    """
    for col in ("term", "stat", "n_target", "n_reference"):
        if col not in table.columns:
            raise ValueError(
                f"the table needs a column {col!r}; make it with compare.keyness or "
                "compare.log_odds"
            )
    target = target if target is not None else table.attrs.get("target", "target")
    reference = reference if reference is not None else table.attrs.get("reference", "reference")
    if not isinstance(reference, str):
        reference = " + ".join(map(str, reference))
    return str(target), reference


def _side_colors(target: str, reference: str) -> tuple[tuple, tuple]:
    colors = outlet_colors([target, reference])
    # A pooled reference ("all others", "CNN + BBC") has no house colour of its own.
    pooled = reference == "all others" or " + " in reference
    return colors[target], (0.45, 0.45, 0.45) if pooled else colors[reference]


def keyness_bars(
    table: pd.DataFrame,
    *,
    n: int = 15,
    target: str | None = None,
    reference: str | Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the most over- and under-represented terms of a comparison as bars.

    The ``n`` terms with the highest ``stat`` (key for the target) are drawn
    to the right in the target's colour, the ``n`` with the lowest (key for
    the reference) to the left in the reference's; each bar ends in its
    counts, target / reference.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.compare.keyness` (or of
        :func:`wireframe.compare.log_odds` for one target): columns
        ``term``, ``stat``, ``n_target``, ``n_reference``, sorted by
        ``stat``.
    n : int, default 15
        Terms drawn on each side.
    target, reference : str, optional
        Names for the legend and colours; ``table.attrs`` (set by
        :func:`~wireframe.compare.keyness`) by default.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["nato", "talks", "trump"], "stat": [9.0, 0.1, -7.5],
    ...                   "n_target": [30, 4, 1], "n_reference": [2, 4, 40]})
    >>> ax = keyness_bars(t, n=1, target="TASS", reference="CNN")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['nato', 'trump']
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"`n` must be a positive integer; got {n!r}")
    target, reference = _comparison(table, target, reference)
    if "target" in table.columns and table["target"].nunique() > 1:
        raise ValueError("the table holds several targets; select one: table[table.target == T]")
    ranked = table.dropna(subset=["stat"])
    top = ranked[ranked["stat"] > 0].head(n)
    bottom = ranked[ranked["stat"] < 0].tail(n)
    rows = pd.concat([top, bottom])
    ax = _axes(ax, (6.5, 0.24 * len(rows) + 1.4))
    colors = _side_colors(target, reference)
    y = list(range(len(rows)))
    bar_colors = [colors[0] if s > 0 else colors[1] for s in rows["stat"]]
    ax.barh(y, rows["stat"], color=bar_colors, height=0.75)
    ax.set_yticks(y, rows["term"].astype(str).tolist())
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    for i, (s, a, b) in enumerate(zip(rows["stat"], rows["n_target"], rows["n_reference"],
                                      strict=True)):
        ax.annotate(f"{a:,} / {b:,}", xy=(s, i), xytext=(3 if s > 0 else -3, 0),
                    textcoords="offset points", ha="left" if s > 0 else "right",
                    va="center", fontsize=6.5, color="0.35")
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo * 1.25, hi * 1.25)  # room for the counts
    measure = table.attrs.get("measure", "stat")
    names = {"g2": "G²", "chi2": "χ²", "pmi": "PMI (bits)", "log_odds": "log-odds z"}
    ax.set_xlabel(f"{names.get(measure, measure)}: + key for {target}, − key for {reference}")
    handles = [mpl.patches.Patch(color=colors[0], label=target),
               mpl.patches.Patch(color=colors[1], label=reference)]
    ax.legend(handles=handles, frameon=False, loc="lower right", fontsize=8)
    return ax


def _overlaps(box, placed) -> bool:
    return any(box.overlaps(other) for other in placed)


def _place_labels(ax: Axes, points: pd.DataFrame, color_of) -> list:
    """Label points so that no two labels overlap; return the labels it could not place.

    Greedy, most extreme point first: each label tries positions around its
    point at growing distances (with a leader line beyond the first ring)
    and takes the first whose box overlaps no placed label and stays inside
    the axes.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed, skipped = [], []
    directions = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1),
                  (2, 1), (-2, 1), (2, -1), (-2, -1)]
    for _, row in points.iterrows():
        xy = (row["x"], row["y"])
        for radius in (5, 12, 20, 30, 42, 56):
            found = None
            for dx, dy in directions:
                off = (dx * radius, dy * radius * 0.8)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                label = ax.annotate(
                    row["term"], xy=xy, xytext=off, textcoords="offset points", ha=ha, va=va,
                    fontsize=7, color=color_of(row["y"]),
                    arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.5}
                    if radius > 5 else None,
                )
                # The text alone: a leader line may cross other labels' space.
                label.update_positions(renderer)
                box = mpl.text.Text.get_window_extent(label, renderer)
                inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                          and box.y1 <= frame.y1)
                if inside and not _overlaps(box, placed):
                    found = box
                    break
                label.remove()
            if found is not None:
                placed.append(found)
                break
        else:
            skipped.append(row["term"])
    return skipped


def fightin_words(
    table: pd.DataFrame,
    *,
    target: str | None = None,
    reference: str | Sequence[str] | None = None,
    labels: int = 10,
    z: float = 1.96,
    ax: Axes | None = None,
) -> Axes:
    """Draw the Monroe et al. (2008) scatter: each term's frequency against its z-score.

    Every term is a point at its total count (log scale) and its log-odds
    z-score; terms beyond ``±z`` take the colour of the side they are key
    for, and the ``labels`` most extreme terms of each side are named,
    placed so that no two names overlap (a leader line joins a name set
    apart to its point).

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.compare.log_odds` or
        :func:`~wireframe.compare.keyness` with ``measure="log_odds"``:
        columns ``term``, ``stat`` (z), ``n_target``, ``n_reference``.
    target : str, optional
        The target to draw when the table holds several (a ``target``
        column); its name in the legend otherwise, ``table.attrs`` by
        default.
    reference : str, optional
        The reference's name in the legend; ``table.attrs`` by default.
    labels : int, default 10
        Terms named on each side.
    z : float, default 1.96
        Terms with :math:`|z|` above this are coloured (1.96: two-sided 5%,
        without correction for the many terms tested).
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes

    Warns
    -----
    UserWarning
        When a name finds no free place (very crowded axes); it is left out.

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["nato", "talks", "trump"], "stat": [3.0, 0.1, -2.5],
    ...                   "n_target": [30, 4, 1], "n_reference": [2, 4, 40]})
    >>> ax = fightin_words(t, labels=1, target="TASS", reference="CNN")
    >>> sorted(t.get_text() for t in ax.texts)
    ['nato', 'trump']
    """
    if isinstance(labels, bool) or not isinstance(labels, int) or labels < 0:
        raise ValueError(f"`labels` must be an integer >= 0; got {labels!r}")
    if "target" in table.columns and table["target"].nunique() > 1:
        names = list(dict.fromkeys(table["target"].astype(str)))
        if target is None:
            raise ValueError(f"the table holds targets {', '.join(names)}: pass `target`")
        if target not in names:
            raise ValueError(f"`target` must be one of {', '.join(names)}; got {target!r}")
        table = table[table["target"] == target]
        if reference is None:
            reference = table.attrs.get("reference", "all others")
    target, reference = _comparison(table, target, reference)
    rows = table.dropna(subset=["stat"])
    points = pd.DataFrame({"term": rows["term"].astype(str).to_numpy(),
                           "x": (rows["n_target"] + rows["n_reference"]).to_numpy(),
                           "y": rows["stat"].to_numpy()})
    ax = _axes(ax, (7.5, 5.5))
    colors = _side_colors(target, reference)

    def color_of(value: float):
        return colors[0] if value > z else colors[1] if value < -z else (0.75, 0.75, 0.75)

    def text_color(value: float):
        # Light house colours (CNN's yellow) are too pale for small text on white.
        rgb = colors[0] if value > 0 else colors[1]
        light = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.5
        return tuple(0.6 * c for c in rgb) if light else rgb

    ax.scatter(points["x"], points["y"], s=6, c=[color_of(v) for v in points["y"]],
               linewidths=0, rasterized=len(points) > 5000)
    ax.set_xscale("log")
    ax.axhline(0, color="0.3", linewidth=0.8)
    for edge in (z, -z):
        ax.axhline(edge, color="0.6", linewidth=0.6, linestyle="--")
    ax.set_xlabel("Frequency of the term, target + reference (log scale)")
    ax.set_ylabel(f"z-score: + key for {target}, − key for {reference}")
    handles = [mpl.lines.Line2D([], [], marker="o", linestyle="", color=c, label=name)
               for c, name in ((colors[0], target), (colors[1], reference))]
    ax.legend(handles=handles, frameon=False, loc="lower left", fontsize=8)
    # Fix the limits first: labels are placed in screen space and must not move after.
    ax.margins(x=0.08, y=0.12)
    ax.autoscale_view()
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    ends = pd.concat([points[points["y"] > 0].nlargest(labels, "y"),
                      points[points["y"] < 0].nsmallest(labels, "y")])
    ends = ends.reindex(ends["y"].abs().sort_values(ascending=False, kind="mergesort").index)
    skipped = _place_labels(ax, ends, text_color)
    if skipped:
        warnings.warn(f"no room to name {', '.join(skipped)} without overlap; left out",
                      UserWarning, stacklevel=2)
    return ax


def edit_kinds(table: pd.DataFrame, *, by: str = "outlet", ax: Axes | None = None) -> Axes:
    """Draw what each outlet does to the stories it reprints, as stacked bars.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.syndication.edit_kinds`: columns
        ``by``, ``kind``, ``n``, ``share``.
    by : str, default "outlet"
        The group column: one bar per group with copies, in table order.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    for col in (by, "kind", "n", "share"):
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; make it with "
                             "syndication.edit_kinds")
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
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    for col in (by, "stories", "reprints", "reprint_share"):
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; make it with "
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


# -- topics ----------------------------------------------------------------------

_SWEEP_PANELS: dict[str, tuple[str, str]] = {
    "c_v": ("Coherence c_v", "higher is better"),
    "c_npmi": ("Coherence c_npmi", "higher is better"),
    "u_mass": ("Coherence u_mass", "nearer 0 is better"),
    "exclusivity": ("Exclusivity", "higher is better"),
    "perplexity": ("Held-out perplexity", "lower is better"),
}


def topic_sweep(table: pd.DataFrame, *, chosen: int | None = None,
                fig: Figure | None = None) -> Figure:
    """Draw the scores of a sweep over K, one small panel per measure.

    Several panels, so this one returns the Figure (pass it to
    :func:`save_figure`); each panel says which way is better, and a dashed
    line marks the chosen K.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.topics.sweep`: ``k`` and any of
        ``c_v``, ``c_npmi``, ``u_mass``, ``exclusivity``, ``perplexity``
        (a measure that is all NaN is left out).
    chosen : int, optional
        The K chosen; it must be one of the table's.
    fig : Figure, optional
        Draw here (it must be empty); a new figure otherwise.

    Returns
    -------
    Figure

    Examples
    --------
    >>> t = pd.DataFrame({"k": [5, 10], "c_v": [0.5, 0.55], "perplexity": [900.0, 850.0]})
    >>> [ax.get_title(loc="left") for ax in topic_sweep(t, chosen=10).axes]
    ['Coherence c_v', 'Held-out perplexity']
    """
    if "k" not in table.columns:
        raise ValueError("the table needs a column 'k'; make it with topics.sweep")
    measures = [m for m in _SWEEP_PANELS if m in table.columns and table[m].notna().any()]
    if not measures:
        raise ValueError(f"the table has none of the columns {', '.join(_SWEEP_PANELS)}; make "
                         "it with topics.sweep")
    ks = sorted(int(k) for k in table["k"])
    if chosen is not None and chosen not in ks:
        raise ValueError(f"`chosen` must be one of the table's K ({', '.join(map(str, ks))}); "
                         f"got {chosen!r}")
    if fig is None:
        set_theme()
        fig = plt.figure(figsize=(2.35 * len(measures) + 0.4, 2.9), layout="constrained")
    axes = fig.subplots(1, len(measures), sharex=True, squeeze=False)[0]
    rows = table.sort_values("k")
    accent = sns.color_palette("colorblind")[3]
    for ax, measure in zip(axes, measures, strict=True):
        ax.plot(rows["k"], rows[measure], marker="o", color="0.25", linewidth=1.2, markersize=4)
        if chosen is not None:
            ax.axvline(chosen, color=accent, linestyle="--", linewidth=1)
            value = rows.loc[rows["k"] == chosen, measure].iloc[0]
            ax.plot([chosen], [value], marker="o", color=accent, markersize=6, zorder=3)
        title, better = _SWEEP_PANELS[measure]
        ax.set_title(title, loc="left", fontsize=9)
        ax.set_ylabel(better, fontsize=7, color="0.4")
        ax.set_xticks(ks)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("K (topics)", fontsize=8)
    if chosen is not None:
        fig.suptitle(f"Chosen: K = {chosen}", x=0.99, ha="right", fontsize=8, color=accent)
    return fig


def _topic_names(topics: Iterable[int], labels: pd.DataFrame | dict | None) -> dict[int, str]:
    """'7 · nunes, obamacare, flynn' for each topic, from topics.labels or a mapping."""
    if labels is None:
        mapping: dict = {}
    elif isinstance(labels, pd.DataFrame):
        if not {"topic", "label"} <= set(labels.columns):
            raise ValueError("`labels` must be the output of topics.labels (columns 'topic' and "
                             "'label') or a mapping of topic to label")
        mapping = dict(zip(labels["topic"].astype(int), labels["label"].astype(str),
                           strict=True))
    else:
        mapping = {int(k): str(v) for k, v in dict(labels).items()}
    return {int(t): f"{t} · {mapping[int(t)]}" if int(t) in mapping else f"Topic {t}"
            for t in topics}


_PERIOD_LABELS: dict[str, tuple[str, str]] = {
    "day": ("%d %b", "Day (UTC)"),
    "week": ("%d %b", "Week starting (Monday, UTC)"),
    "month": ("%b %Y", "Month (UTC)"),
}


def _period_kind(table: pd.DataFrame) -> str:
    """The period of a prevalence table: from its attrs, else read off the period starts."""
    kind = table.attrs.get("period")
    if kind in _PERIOD_LABELS:
        return kind
    starts = pd.DatetimeIndex(table["period"].drop_duplicates().sort_values())
    gaps = starts[1:] - starts[:-1]
    if (starts.day == 1).all() and (len(starts) < 2 or gaps.min() >= pd.Timedelta(days=28)):
        return "month"
    if (starts.dayofweek == 0).all() and (len(starts) < 2 or gaps.min() >= pd.Timedelta(days=7)):
        return "week"
    return "day"


def topic_prevalence(
    table: pd.DataFrame,
    *,
    by: str = "outlet",
    labels: pd.DataFrame | dict | None = None,
    intervals: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw topic prevalence per group (or period) as an annotated heatmap.

    One row per topic, one column per group (or period), named with its
    number of stories; each cell gives the mean topic proportion in per
    cent and, under it, its interval.
    A heatmap rather than dots: with twenty topics and nine outlets, a
    grid of numbers stays readable at print size.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.topics.prevalence`: columns ``by``,
        ``topic``, ``prevalence`` (and ``prevalence_low``,
        ``prevalence_high``).
    by : str, default "outlet"
        The column spread across: a group column, or ``"period"`` for
        :func:`~wireframe.topics.prevalence` with ``by=None`` and a period
        (days and weeks are named by their first day, months by month).
    labels : DataFrame or mapping, optional
        Topic names: the output of :func:`wireframe.topics.labels`, or a
        mapping of topic number to label.
    intervals : bool, default True
        Print each cell's interval under its value.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "topic": [1, 2, 1, 2],
    ...                   "prevalence": [0.6, 0.4, 0.2, 0.8], "prevalence_low": 0.1,
    ...                   "prevalence_high": 0.9})
    >>> [t.get_text() for t in topic_prevalence(t, labels={1: "war"}).get_yticklabels()]
    ['1 · war', 'Topic 2']
    """
    needed = [by, "topic", "prevalence"] + (["prevalence_low", "prevalence_high"]
                                            if intervals else [])
    for col in needed:
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; make it with topics.prevalence")
    if table.duplicated([by, "topic"]).any():
        raise ValueError(f"the table has several rows per {by} and topic (a period column?); "
                         "make it with one grouping, or select rows first")
    kind = _period_kind(table) if by == "period" else None
    # Columns by their printed name (a week by its first day), in table order.
    shown = (table[by].dt.strftime(_PERIOD_LABELS[kind][0]) if kind is not None
             else table[by].astype(str))
    table = table.assign(_column=shown.to_numpy())
    names = list(dict.fromkeys(table["_column"]))
    topics = sorted(int(t) for t in table["topic"].unique())

    def grid_of(column: str) -> pd.DataFrame:
        return table.pivot(index="topic", columns="_column", values=column).reindex(
            index=topics, columns=names) * 100

    grid = grid_of("prevalence")
    text = grid.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
    if intervals:
        low, high = grid_of("prevalence_low"), grid_of("prevalence_high")
        text = text + ("\n" + low.map(lambda v: f"{v:.1f}") + "–"
                       + high.map(lambda v: f"{v:.1f}")).where(low.notna(), "")
    ax = _axes(ax, (0.85 * len(names) + 4.2, (0.48 if intervals else 0.32) * len(topics) + 1.6))
    sns.heatmap(grid, annot=text.to_numpy(), fmt="", cmap="Blues", linewidths=0.5,
                annot_kws={"fontsize": 6.5 if intervals else 7},
                cbar_kws={"label": "Mean topic proportion (%)", "shrink": 0.6}, ax=ax)
    shown = names
    if "n" in table.columns:
        counts = table.groupby("_column", sort=False)["n"].first()
        shown = [f"{name}\nn = {counts[name]:,}" for name in names]
    ax.set_xticks([i + 0.5 for i in range(len(names))], shown, rotation=0 if by == "period"
                  else 30, ha="center" if by == "period" else "right")
    ax.set_yticks([i + 0.5 for i in range(len(topics))],
                  list(_topic_names(topics, labels).values()), rotation=0)
    ax.tick_params(axis="both", labelsize=8, length=0)
    ax.set_xlabel(_PERIOD_LABELS[kind][1] if kind is not None else "")
    ax.set_ylabel("")
    return ax


def _text_color(rgb: tuple[float, float, float]) -> tuple[float, ...]:
    # Light house colours (CNN's yellow) are too pale for small text on white.
    light = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.5
    return tuple(0.6 * c for c in rgb) if light else rgb


def topic_difference(
    table: pd.DataFrame,
    *,
    labels: pd.DataFrame | dict | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw each topic's prevalence difference between two groups, with its interval.

    The picture of stm's ``plot(estimateEffect(...), method = "difference")``:
    one row per topic, sorted from most over-represented in the target to
    most in the reference; a dot and interval in the target's colour when
    the interval lies above 0, the reference's when below, grey when it
    crosses 0.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.topics.difference`: columns
        ``topic``, ``target``, ``reference``, ``difference``,
        ``difference_low``, ``difference_high``.
    labels : DataFrame or mapping, optional
        Topic names: the output of :func:`wireframe.topics.labels`, or a
        mapping of topic number to label.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes

    Examples
    --------
    >>> t = pd.DataFrame({"topic": [1, 2], "target": "TASS", "reference": "CNN",
    ...                   "difference": [0.1, -0.05], "difference_low": [0.05, -0.1],
    ...                   "difference_high": [0.15, 0.01]})
    >>> [t.get_text() for t in topic_difference(t).get_yticklabels()]
    ['Topic 1', 'Topic 2']
    """
    for col in ("topic", "target", "reference", "difference", "difference_low",
                "difference_high"):
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; make it with topics.difference")
    if table["target"].nunique() != 1 or table["reference"].nunique() != 1:
        raise ValueError("the table holds several comparisons; select one target and reference")
    target, reference = str(table["target"].iloc[0]), str(table["reference"].iloc[0])
    rows = table.sort_values(["difference", "topic"], ascending=[False, True], kind="mergesort")
    names = _topic_names(rows["topic"].astype(int), labels)
    colors = outlet_colors([target, reference])
    ax = _axes(ax, (7.0, 0.3 * len(rows) + 1.5))
    for i, (diff, low, high) in enumerate(zip(rows["difference"], rows["difference_low"],
                                              rows["difference_high"], strict=True)):
        color = colors[target] if low > 0 else colors[reference] if high < 0 else "0.6"
        ax.errorbar(diff, i, xerr=[[diff - low], [high - diff]], fmt="o", color=color,
                    ecolor=color, elinewidth=1.5, capsize=0, markersize=4.5)
    ax.set_yticks(range(len(rows)), [names[int(t)] for t in rows["topic"]])
    ax.axvline(0, color="0.3", linewidth=0.8)
    lo, hi = ax.get_xlim()
    edge = max(abs(lo), abs(hi))
    ax.set_xlim(-edge, edge)
    # A free row above the first topic holds the two directions, clear of dots and title.
    ax.set_ylim(len(rows) - 0.4, -1.6)
    ax.text(edge * 0.98, -1, f"more in {target} →", ha="right", va="center", fontsize=8,
            color=_text_color(colors[target]))
    ax.text(-edge * 0.98, -1, f"← more in {reference}", ha="left", va="center", fontsize=8,
            color=_text_color(colors[reference]))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(
        lambda v, _: "0" if abs(v) < 1e-12 else f"{v * 100:+.0f}"))
    ax.set_xlabel(f"Difference in mean topic proportion, {target} − {reference} "
                  "(percentage points)")
    ax.set_ylabel("")
    return ax


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
    measure : {"share", "rate"}, default "share"
        Share of stories with the frame, or hits per 1,000 words.
    by : str, default "outlet"
        The group column: one row per group, in name order.
    min_n : int, default 20
        Periods in which a group has fewer stories are not drawn: their
        intervals span most of the axis and say nothing.
    legend : bool, default True
        Draw the legend of periods (off for all but one panel of a row).
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    if measure not in ("share", "rate"):
        raise ValueError(f"`measure` must be one of 'share', 'rate'; got {measure!r}")
    for col in (by, "period", "frame", "n", measure, f"{measure}_low", f"{measure}_high"):
        if col not in table.columns:
            raise ValueError(
                f"the table needs a column {col!r}; make it with aggregate.frame_rates(..., "
                "period='month')"
            )
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


def detection_accuracy(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw precision and recall of copy detection per kind of edit, as dots.

    Parameters
    ----------
    table : DataFrame
        Long form of :func:`wireframe.synthetic.score`: columns ``edit``,
        ``n``, ``measure`` ("precision" or "recall"), ``value``; the row
        ``edit == "all"`` is drawn last, as the overall result.
    ax : Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    Axes
    """
    for col in ("edit", "n", "measure", "value"):
        if col not in table.columns:
            raise ValueError(f"the table needs a column {col!r}; melt synthetic.score's table")
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


def save_figure(
    figure: Figure | Axes,
    name: str,
    data: pd.DataFrame,
    *,
    caption: str | None = None,
    folder: str | Path = "figures",
) -> list[Path]:
    """Write a figure as PNG and SVG, and the table behind it as CSV.

    Parameters
    ----------
    figure : Figure or Axes
        What to save (an Axes saves its whole figure).
    name : str
        File stem: ``figures/NAME.png``, ``NAME.svg``, ``NAME.csv``.
    data : DataFrame
        The numbers the figure shows. Written without the index, floats with
        10 significant digits, ``\\n`` line ends and times in ISO 8601, so the
        same numbers give the same bytes on every machine.
    caption : str, optional
        A line under the figure: the corpus and n.
    folder : str or Path, default "figures"
        Where to write; created when missing.

    Returns
    -------
    list of Path
        The three files written.
    """
    if not name or any(c in name for c in "/\\ "):
        raise ValueError(f"`name` must be a plain file stem like 'volume_by_outlet'; got {name!r}")
    fig = figure.figure if isinstance(figure, Axes) else figure
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    if caption:
        # Below everything already drawn (rotated tick labels reach under the axes).
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        fig.text(box.x0 / fig.get_figwidth(), (box.y0 - 0.08) / fig.get_figheight(), caption,
                 ha="left", va="top", fontsize=8, color="0.3")
    png, svg, csv = (out / f"{name}.{ext}" for ext in ("png", "svg", "csv"))
    fig.savefig(png, dpi=DPI, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    table = data.copy()
    for col in table.columns:
        if isinstance(table[col].dtype, pd.DatetimeTZDtype):
            table[col] = table[col].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    table.to_csv(csv, index=False, float_format="%.10g", lineterminator="\n")
    return [png, svg, csv]
