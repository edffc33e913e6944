"""Figures of models: predicted prevalence by outlet over time with bands, and contrasts."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes

from wireframe import _validate as check
from wireframe.plots.style import _axes, _doc, _needs, _text_color, outlet_colors

__all__ = ["model_contrast", "predicted_prevalence"]

_COUNTED = {"placement": "placements", "story": "unique stories"}


def _dates(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


@_doc
def predicted_prevalence(
    table: pd.DataFrame,
    *,
    by: str = "outlet",
    time: str = "published",
    ax: Axes | None = None,
) -> Axes:
    """Draw each group's predicted prevalence over time, a line in a band.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.models.predict` (for topic effects,
        of one topic): columns ``by``, ``time``, ``prevalence``,
        ``prevalence_low``, ``prevalence_high``, ``unit``.
    by : str, default "outlet"
        The group column: one line per group, in the house colours.
    time : str, default "published"
        The time column.
    {ax}

    Returns
    -------
    Axes

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "published": pd.to_datetime(
    ...     ["2017-01-01", "2017-03-01"] * 2, utc=True), "prevalence": [0.1, 0.2, 0.3, 0.3],
    ...     "prevalence_low": 0.05, "prevalence_high": 0.4, "unit": "story"})
    >>> [t.get_text() for t in predicted_prevalence(t).get_legend().get_texts()]
    ['A', 'B']
    """
    func = "plots.predicted_prevalence"
    _needs(func, table, (by, time, "prevalence", "prevalence_low", "prevalence_high", "unit"),
           "models.predict(model)")
    if "topic" in table.columns and table["topic"].nunique() > 1:
        raise check.ParameterError(f"{func}: the table holds several topics; select one "
                                   "(table[table['topic'] == k])")
    groups = sorted(table[by].astype(str).unique())
    colors = outlet_colors(groups) if by == "outlet" else dict.fromkeys(groups, "0.25")
    ax = _axes(ax, (7.5, 4.2))
    for group in groups:
        rows = table[table[by].astype(str) == group].sort_values(time)
        ax.fill_between(rows[time], rows["prevalence_low"], rows["prevalence_high"],
                        color=colors[group], alpha=0.15, linewidth=0)
        ax.plot(rows[time], rows["prevalence"], color=colors[group], linewidth=1.8, label=group)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_ylim(bottom=0)
    _dates(ax)
    unit = _COUNTED.get(str(table["unit"].iloc[0]), "stories") if len(table) else "stories"
    # A topic model predicts a mean proportion of the stories, a frame model a share of them.
    ax.set_ylabel(f"Predicted proportion ({unit})" if "topic" in table.columns
                  else f"Predicted share of {unit}")
    ax.set_xlabel("")
    ax.legend(frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return ax


@_doc
def model_contrast(
    table: pd.DataFrame,
    *,
    time: str = "published",
    ax: Axes | None = None,
) -> Axes:
    """Draw the difference in predicted prevalence between two groups over time.

    A line in its band, with the zero line: above it, more of the frame in
    the target than in the reference.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`wireframe.models.contrast` (one pair): columns
        ``target``, ``reference``, ``time``, ``difference``,
        ``difference_low``, ``difference_high``, ``unit``.
    time : str, default "published"
        The time column.
    {ax}

    Returns
    -------
    Axes

    Examples
    --------
    >>> t = pd.DataFrame({"target": "A", "reference": "B", "published": pd.to_datetime(
    ...     ["2017-01-01", "2017-03-01"], utc=True), "difference": [0.1, 0.05],
    ...     "difference_low": [0.02, -0.03], "difference_high": [0.18, 0.13], "unit": "story"})
    >>> model_contrast(t).get_ylabel()
    'A − B (percentage points)'
    """
    func = "plots.model_contrast"
    _needs(func, table, ("target", "reference", time, "difference", "difference_low",
                         "difference_high", "unit"), "models.contrast(model, ...)")
    if table["target"].nunique() != 1 or table["reference"].nunique() != 1:
        raise check.ParameterError(f"{func}: the table holds several comparisons; select one "
                                   "target and reference")
    target, reference = str(table["target"].iloc[0]), str(table["reference"].iloc[0])
    color = _text_color(outlet_colors([target])[target])
    rows = table.sort_values(time)
    ax = _axes(ax, (7.0, 3.6))
    ax.fill_between(rows[time], rows["difference_low"], rows["difference_high"], color=color,
                    alpha=0.18, linewidth=0)
    ax.plot(rows[time], rows["difference"], color=color, linewidth=1.8)
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(
        lambda v, _: "0" if abs(v) < 1e-12 else f"{v * 100:+.0f}"))
    _dates(ax)
    ax.set_ylabel(f"{target} − {reference} (percentage points)")
    ax.set_xlabel("")
    unit = _COUNTED.get(str(rows["unit"].iloc[0]), "stories") if len(rows) else "stories"
    ax.set_title(f"Difference in predicted share of {unit}", loc="left")
    return ax
