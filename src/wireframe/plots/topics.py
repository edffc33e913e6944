"""Figures of topic models: the sweep over K, prevalence per group or period, differences."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from wireframe import _validate as check
from wireframe.plots.style import _axes, _doc, _needs, _text_color, outlet_colors, set_theme

__all__ = ["topic_difference", "topic_prevalence", "topic_sweep"]


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
    func = "plots.topic_sweep"
    _needs(func, table, ("k",), "topics.sweep")
    measures = [m for m in _SWEEP_PANELS if m in table.columns and table[m].notna().any()]
    if not measures:
        raise check.ParameterError(f"{func}: the table has none of the columns "
                                   f"{', '.join(_SWEEP_PANELS)}; make it with topics.sweep")
    ks = sorted(int(k) for k in table["k"])
    if chosen is not None and chosen not in ks:
        raise check.fail(func, "chosen", f"one of the table's K ({', '.join(map(str, ks))})",
                         chosen)
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


def _topic_names(func: str, topics: Iterable[int], labels: pd.DataFrame | dict | None
                 ) -> dict[int, str]:
    """'7 · nunes, obamacare, flynn' for each topic, from topics.labels or a mapping."""
    if labels is None:
        mapping: dict = {}
    elif isinstance(labels, pd.DataFrame):
        if not {"topic", "label"} <= set(labels.columns):
            raise check.fail(func, "labels", "the output of topics.labels (columns 'topic' and "
                             "'label') or a mapping of topic to label", labels)
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


@_doc
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
    {ax}

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
    func = "plots.topic_prevalence"
    intervals = check.flag(func, "intervals", intervals)
    _needs(func, table, [by, "topic", "prevalence"]
           + (["prevalence_low", "prevalence_high"] if intervals else []), "topics.prevalence")
    if table.duplicated([by, "topic"]).any():
        raise check.ParameterError(
            f"{func}: the table has several rows per {by} and topic (a period column?); make "
            "it with one grouping, or select rows first")
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
                  list(_topic_names(func, topics, labels).values()), rotation=0)
    ax.tick_params(axis="both", labelsize=8, length=0)
    ax.set_xlabel(_PERIOD_LABELS[kind][1] if kind is not None else "")
    ax.set_ylabel("")
    return ax


@_doc
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
    {ax}

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
    func = "plots.topic_difference"
    _needs(func, table, ("topic", "target", "reference", "difference", "difference_low",
                         "difference_high"), "topics.difference")
    if table["target"].nunique() != 1 or table["reference"].nunique() != 1:
        raise check.ParameterError(f"{func}: the table holds several comparisons; select one "
                                   "target and reference")
    target, reference = str(table["target"].iloc[0]), str(table["reference"].iloc[0])
    rows = table.sort_values(["difference", "topic"], ascending=[False, True], kind="mergesort")
    names = _topic_names(func, rows["topic"].astype(int), labels)
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
