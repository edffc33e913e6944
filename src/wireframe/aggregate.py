"""Group x period tables: counts now, rates with intervals as the kit grows.

Every function takes the Story table (or a table joined to it) and returns a
tidy DataFrame, one row per group and period, ready for :mod:`wireframe.plots`
or for pandas.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["PERIODS", "period_start", "volume"]

PERIODS: dict[str, str] = {"day": "D", "week": "7D", "month": "MS"}
"""Period names and the step between period starts (weeks start on Monday)."""


def _check_choice(name: str, value: object, allowed: list[str] | tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(
            f"`{name}` must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}"
        )


def period_start(published: pd.Series, period: str) -> pd.Series:
    """Return the UTC start of the day, week (Monday) or month of each time.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2017-02-08 13:00"], utc=True))
    >>> period_start(s, "week").iloc[0]
    Timestamp('2017-02-06 00:00:00+0000', tz='UTC')
    """
    _check_choice("period", period, tuple(PERIODS))
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    if period == "day":
        start = naive.dt.floor("D")
    elif period == "week":
        start = naive.dt.floor("D") - pd.to_timedelta(naive.dt.day_of_week, unit="D")
    else:
        start = naive.dt.to_period("M").dt.start_time
    return start.dt.tz_localize("UTC")


def volume(stories: pd.DataFrame, *, by: str = "outlet", period: str = "week") -> pd.DataFrame:
    """Count stories per group and period.

    Parameters
    ----------
    stories : DataFrame
        A Story table.
    by : str, default "outlet"
        The column to group by.
    period : {"day", "week", "month"}, default "week"
        The length of each period; weeks start on Monday, all in UTC.

    Returns
    -------
    DataFrame
        Columns ``by``, ``period`` (UTC start), ``n``; every group and period
        between the first and last story appears, with 0 where there were no
        stories, sorted by group and period.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "published": pd.to_datetime(
    ...     ["2017-02-06", "2017-02-14", "2017-02-07"], utc=True)})
    >>> volume(t)["n"].tolist()
    [1, 1, 1, 0]
    """
    if by not in stories.columns:
        raise ValueError(f"`by` must be a column of the table; got {by!r}")
    start = period_start(stories["published"], period)
    counts = stories.assign(period=start).groupby([by, "period"], observed=True).size()
    if counts.empty:
        return pd.DataFrame({by: [], "period": [], "n": []})
    periods = pd.date_range(start.min(), start.max(), freq=PERIODS[period])
    groups = sorted(stories[by].dropna().unique())
    full = pd.MultiIndex.from_product([groups, periods], names=[by, "period"])
    table = counts.reindex(full, fill_value=0).rename("n").reset_index()
    table["n"] = table["n"].astype("int64")
    return table
