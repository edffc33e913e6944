"""One set of argument checks, one message format.

Every public function checks its arguments in its first lines with these
helpers (STYLE.md pattern 5; scikit-learn's ``_param_validation``, seaborn's
``_check_argument``), so a wrong value reads the same way everywhere::

    syndication.pairs: `rows` must be an integer >= 1; got 2.5

The message names the function as a user calls it, the parameter, what it
must be, the value received and, where one is known, the fix. Each check
returns the value in a plain Python type (``np.int64(2)`` becomes ``2``), so
NumPy scalars are accepted wherever a number is.

:class:`ParameterError` subclasses both ``ValueError`` and ``TypeError``: a
wrong type and a wrong value are caught either way, as scikit-learn's
``InvalidParameterError`` is.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "ParameterError", "choice", "confidence", "fail", "flag", "integer", "made_by", "number",
    "seed", "stories",
]

_SHOWN_COLUMNS = 12


class ParameterError(ValueError, TypeError):
    """An argument has the wrong type or value; the message names function and fix."""


def fail(func: str, name: str, must: str, value: object, fix: str | None = None
         ) -> ParameterError:
    """Return (for the caller to raise) the house error for one argument.

    Parameters
    ----------
    func : str
        The function as users call it, e.g. ``"syndication.pairs"``.
    name : str
        The parameter.
    must : str
        What the value must be, completing "`name` must be ...".
    value : object
        What was received; shown with ``repr``.
    fix : str, optional
        What to do instead.

    Examples
    --------
    >>> str(fail("frames.kwic", "window", "an integer >= 0", -1))
    'frames.kwic: `window` must be an integer >= 0; got -1'
    """
    message = f"{func}: `{name}` must be {must}; got {_shown(value)}"
    if fix:
        message += f". Fix: {fix}"
    return ParameterError(message)


def _shown(value: object) -> str:
    if isinstance(value, pd.DataFrame | pd.Series):
        return f"a {type(value).__name__} of {len(value)} rows"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def choice(func: str, name: str, value: object, allowed: Iterable[object], *,
           fix: str | None = None) -> object:
    """Check that ``value`` is one of ``allowed`` and return it.

    Examples
    --------
    >>> choice("compare.keyness", "measure", "g2", ("g2", "chi2"))
    'g2'
    >>> choice("compare.keyness", "measure", "g3", ("g2", "chi2"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: compare.keyness: `measure` must be one of ...; got 'g3'
    """
    allowed = tuple(allowed)
    # A list or an array is unhashable or compares element-wise; neither is a choice.
    if isinstance(value, str | int | float | bool | type(None)) and any(
        value == a and type(value) is type(a) for a in allowed
    ):
        return value
    raise fail(func, name, "one of " + ", ".join(repr(a) for a in allowed), value, fix)


def _bounds(low: float | None, high: float | None, closed: str) -> str:
    left = "[" if closed in ("both", "left") else "("
    right = "]" if closed in ("both", "right") else ")"
    if low is not None and high is not None:
        return f"in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return (">= " if left == "[" else "> ") + f"{low:g}"
    if high is not None:
        return ("<= " if right == "]" else "< ") + f"{high:g}"
    return ""


def integer(func: str, name: str, value: object, *, low: int | None = None,
            high: int | None = None, none: bool = False, fix: str | None = None) -> int | None:
    """Check for an integer in ``[low, high]`` (either end may be open-ended).

    ``bool`` is not an integer here; NumPy integers are. ``none=True``
    allows None too.

    Examples
    --------
    >>> import numpy as np
    >>> integer("syndication.pairs", "seed", np.int64(1), low=0)
    1
    >>> integer("text.pipeline", "min_length", 1.5, low=1)
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: text.pipeline: `min_length` must be an integer >= 1; got 1.5
    """
    if value is None and none:
        return None
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and (low is None or value >= low) and (high is None or value <= high):
        return int(value)
    must = " ".join(filter(None, ["an integer", _bounds(low, high, "both")]))
    raise fail(func, name, must + (" or None" if none else ""), value, fix)


def number(func: str, name: str, value: object, *, low: float | None = None,
           high: float | None = None, closed: str = "both", none: bool = False,
           fix: str | None = None) -> float | None:
    """Check for a finite real number in an interval and return it as float.

    Parameters
    ----------
    closed : {"both", "left", "right", "neither"}, default "both"
        Which ends of ``[low, high]`` belong to the interval.

    Examples
    --------
    >>> number("syndication.pairs", "jaccard", 1, low=0, high=1, closed="right")
    1.0
    >>> number("aggregate.frame_rates", "confidence", 1.0, low=0, high=1,
    ...        closed="neither")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: ...: `confidence` must be a number in (0, 1); got 1.0
    """
    if value is None and none:
        return None
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
        v = float(value)
        above = low is None or (v >= low if closed in ("both", "left") else v > low)
        below = high is None or (v <= high if closed in ("both", "right") else v < high)
        if above and below:
            return v
    must = " ".join(filter(None, ["a number", _bounds(low, high, closed)]))
    raise fail(func, name, must + (" or None" if none else ""), value, fix)


def flag(func: str, name: str, value: object) -> bool:
    """Check for True or False (NumPy's ``bool_`` included)."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise fail(func, name, "True or False", value)


def seed(func: str, value: object) -> int:
    """Check a random seed: an integer >= 0."""
    return integer(func, "seed", value, low=0)


def confidence(func: str, value: object) -> float:
    """Check an interval's coverage: a number strictly between 0 and 1."""
    return number(func, "confidence", value, low=0, high=1, closed="neither")


def _missing(table: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c not in table.columns]


def _has(table: pd.DataFrame) -> str:
    shown = [repr(str(c)) for c in table.columns[:_SHOWN_COLUMNS]]
    more = len(table.columns) - _SHOWN_COLUMNS
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "") if shown else "none"


def stories(func: str, value: object, columns: Sequence[str], *, name: str = "stories",
            unique: bool = False) -> pd.DataFrame:
    """Check a Story table: a DataFrame with ``columns`` (and unique ids if asked).

    The classic mistakes get their own fix: a single string or a list of
    texts where a table is expected, a column under another name.

    Examples
    --------
    >>> stories("frames.match", ["a text"], ["story_id", "body"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: frames.match: `stories` must be ... Fix: make one ...
    """
    if not isinstance(value, pd.DataFrame):
        fix = None
        if isinstance(value, str | bytes | list | tuple | pd.Series):
            fix = ("make one from loose texts: pd.DataFrame({'story_id': ids, "
                   "'headline': '', 'body': texts})")
        listed = ", ".join(repr(c) for c in columns)
        raise fail(func, name, f"a Story table (a DataFrame with columns {listed})", value, fix)
    missing = _missing(value, columns)
    if missing:
        raise ParameterError(
            f"{func}: `{name}` lacks column(s) {', '.join(repr(c) for c in missing)}; it has "
            f"{_has(value)}. Fix: a Story table has the columns of wireframe.schema; rename "
            "yours (df.rename(columns={'text': 'body'})) or read the file with a mapping "
            "(io.read_table(path, columns={...}))"
        )
    if unique and "story_id" in value.columns and value["story_id"].duplicated().any():
        dup = value.loc[value["story_id"].duplicated(), "story_id"].iloc[0]
        raise ParameterError(
            f"{func}: `{name}` must have unique story_id values; {dup!r} occurs more than "
            "once. Fix: drop the repeats (df.drop_duplicates('story_id')) or give each "
            "row its own id"
        )
    return value


def made_by(func: str, value: object, columns: Sequence[str], *, name: str, maker: str
            ) -> pd.DataFrame:
    """Check a table that another function makes: a DataFrame with its columns.

    ``maker`` is the call that makes it, e.g. ``"syndication.families(stories)"``.

    Examples
    --------
    >>> made_by("syndication.classify", pd.DataFrame({"story_id": []}), ["copy_of"],
    ...         name="stories", maker="syndication.families(stories)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: ...: `stories` lacks column(s) 'copy_of'; ... returns
    """
    if not isinstance(value, pd.DataFrame):
        raise fail(func, name, f"a DataFrame made by {maker}", value)
    missing = _missing(value, columns)
    if missing:
        raise ParameterError(
            f"{func}: `{name}` lacks column(s) {', '.join(repr(c) for c in missing)}; it has "
            f"{_has(value)}. Fix: pass the table that {maker} returns"
        )
    return value
