"""The house style of every figure, and ``save_figure``, the only function that writes.

:func:`set_theme` sets seaborn's ticks theme at print size; every outlet
has one colour across all figures (:func:`outlet_colors`), taken from
seaborn's colour-blind-safe palette; :func:`save_figure` writes ``NAME.png``
(200 dpi), ``NAME.svg`` and ``NAME.csv``, the numbers behind the figure,
byte-stable for the same input. The private helpers here (a new Axes in
the house style, the check of a plotted table, stacked shares, readable
text colours, the docstring fragments) serve the figure modules of the
package.
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

from wireframe import _validate as check
from wireframe._docs import Docs

__all__ = ["DPI", "OUTLET_ORDER", "outlet_colors", "save_figure", "set_theme"]

OUTLET_ORDER: tuple[str, ...] = (
    "Al Jazeera", "TASS", "ABC News", "RTÉ", "HuffPost", "DW", "China Daily Europe", "BBC",
    "CNN", "Reuters",
)
"""Outlets with a reserved colour, in palette order; others follow, sorted by name."""

DPI = 200

_doc = Docs(
    ax="""ax : Axes
        Draw here; a new figure otherwise.""",
    measure="""measure : {"share", "rate"}
        Share of stories with the frame, or hits per 1,000 words.""",
)


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


def _needs(func: str, table: object, columns: Iterable[str], maker: str) -> pd.DataFrame:
    """Check a plotted table: a DataFrame with ``columns``, as ``maker`` returns it.

    The plots' one check of their input (:func:`wireframe._validate.made_by`
    in the words of a figure): the message names the first missing column and
    the function whose table the figure draws.
    """
    if not isinstance(table, pd.DataFrame):
        raise check.fail(func, "table", f"a DataFrame made by {maker}", table)
    for col in columns:
        if col not in table.columns:
            raise check.ParameterError(
                f"{func}: the table needs a column {col!r}; make it with {maker}")
    return table


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


def _text_color(rgb: tuple[float, float, float]) -> tuple[float, ...]:
    # Light house colours (CNN's yellow) are too pale for small text on white.
    light = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.5
    return tuple(0.6 * c for c in rgb) if light else rgb


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
    if not isinstance(name, str) or not name or any(c in name for c in "/\\ "):
        raise check.fail("plots.save_figure", "name", "a plain file stem like 'volume_by_outlet'",
                         name)
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
