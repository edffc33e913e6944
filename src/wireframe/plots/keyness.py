"""Figures of keyness: the key terms of a comparison as bars, and the Fightin' Words scatter."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes

from wireframe import _validate as check
from wireframe.plots.style import _axes, _doc, _needs, _text_color, outlet_colors

__all__ = ["fightin_words", "keyness_bars"]


def _comparison(func: str, table: pd.DataFrame, target: str | None, reference: object
                ) -> tuple[str, str]:
    """Names of the two sides of a keyness table: from the arguments, else its attrs.

    A pooled reference (several groups, or "all others") is named by its
    groups joined with " + ", or "all others".
    """
    _needs(func, table, ("term", "stat", "n_target", "n_reference"),
           "compare.keyness or compare.log_odds")
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


@_doc
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
    {ax}

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
    func = "plots.keyness_bars"
    n = check.integer(func, "n", n, low=1)
    target, reference = _comparison(func, table, target, reference)
    if "target" in table.columns and table["target"].nunique() > 1:
        raise check.ParameterError(f"{func}: the table holds several targets; select one: "
                                   "table[table.target == T]")
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


@_doc
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
    {ax}

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
    func = "plots.fightin_words"
    labels = check.integer(func, "labels", labels, low=0)
    z = check.number(func, "z", z, low=0)
    if "target" in table.columns and table["target"].nunique() > 1:
        names = list(dict.fromkeys(table["target"].astype(str)))
        if target is None:
            raise check.ParameterError(
                f"{func}: the table holds targets {', '.join(names)}: pass `target`")
        check.choice(func, "target", target, names)
        table = table[table["target"] == target]
        if reference is None:
            reference = table.attrs.get("reference", "all others")
    target, reference = _comparison(func, table, target, reference)
    rows = table.dropna(subset=["stat"])
    points = pd.DataFrame({"term": rows["term"].astype(str).to_numpy(),
                           "x": (rows["n_target"] + rows["n_reference"]).to_numpy(),
                           "y": rows["stat"].to_numpy()})
    ax = _axes(ax, (7.5, 5.5))
    colors = _side_colors(target, reference)

    def color_of(value: float):
        return colors[0] if value > z else colors[1] if value < -z else (0.75, 0.75, 0.75)

    def text_color(value: float):
        return _text_color(colors[0] if value > 0 else colors[1])

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
