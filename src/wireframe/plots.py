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

from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "OUTLET_ORDER", "outlet_colors", "save_figure", "set_theme", "volume", "wire_credits",
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
    left = pd.Series(0.0, index=grid.index)
    for agency in [*agencies, "none"]:
        if agency in grid.columns:
            label = "no credit found" if agency == "none" else agency
            ax.barh(groups, grid[agency], left=left, color=palette[agency], label=label,
                    edgecolor="white", linewidth=0.5)
            left += grid[agency]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel("Share of the outlet's stories")
    ax.legend(title="Credited agency", frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
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
