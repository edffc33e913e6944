"""One description per shared parameter, reused in every docstring.

Parameters that mean the same thing everywhere (``stories``, ``by``,
``period``, ``unit``, ``seed`` ...) are described once here, as seaborn does
in ``seaborn/_docstrings.py``. A docstring names a fragment on a line of its
own, ``{unit}``, and :class:`Docs` (used as a decorator) puts the text there,
indented to match. A fragment's first line is numpydoc's ``name : type``; the
default is taken from the function's signature, so a docstring cannot state
a default the code does not have.

A module adds its own fragments by making its own instance::

    _doc = Docs(counts=\"\"\"n_target, n_reference : array of float
        Occurrences of each term in the target and in the reference.\"\"\")

    @_doc
    def g2(n_target, n_reference, ...):
        \"\"\"...
        Parameters
        ----------
        {counts}
        {unit}
        \"\"\"
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from typing import TypeVar

__all__ = ["PARAMS", "Docs", "doc"]

F = TypeVar("F", bound=Callable)

PARAMS: dict[str, str] = {
    "stories": """stories : DataFrame
        A Story table (:mod:`wireframe.schema`); the columns this function
        reads are named below.""",
    "by": """by : str
        The column whose values are the groups, e.g. ``"outlet"`` or
        ``"wire"``.""",
    "period": """period : {"day", "week", "month"} or None
        Also split by period, in UTC (weeks start on Monday); None pools the
        whole time span.""",
    "unit": """unit : {"placement", "story"}
        What is counted. ``"placement"``: every copy an outlet ran, so a wire
        story carried by three outlets counts three times. ``"story"``: one
        unique story per syndication family within each cell (group, and
        period), by ``family_id`` from :func:`wireframe.syndication.families`
        (a story without one is its own family); the family's original stands
        for it when it is in the cell, else the cell's earliest member (ties:
        the smallest ``story_id``), as :func:`wireframe.aggregate.counting_units`
        defines.""",
    "seed": """seed : int
        Seed of the random generator; the same seed gives the same result.
        The kit never sets a global seed.""",
    "n_boot": """n_boot : int
        Bootstrap resamples; 0 skips the intervals (NaN).""",
    "confidence": """confidence : float
        Nominal coverage of the intervals, strictly between 0 and 1.""",
    "progress": """progress : bool or None
        Show a tqdm progress bar; None shows one only on a terminal or in a
        notebook, so logs and CI stay quiet.""",
    "paths": """paths : path, or list of paths
        Files, or folders holding them (read in name order).""",
    "strict": """strict : bool
        Raise :class:`~wireframe.io.report.LoadError` at the first rejected
        record, naming file and record, instead of reporting it.""",
}
"""The shared fragments, by placeholder name."""

_PLACEHOLDER = re.compile(r"^([ \t]*)\{([a-z_]+)\}[ \t]*$", re.MULTILINE)


def _with_default(fragment: str, func: Callable) -> str:
    """Add ``, default X`` (or ``, optional``) to each ``name : type`` header line."""
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return fragment
    lines = fragment.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(" ") or " : " not in line:
            continue
        names, _, kind = line.partition(" : ")
        if ", default" in kind or kind.endswith(", optional"):
            continue
        defaults = [params[n.strip()].default for n in names.split(",")
                    if n.strip() in params]
        defaults = [d for d in defaults if d is not inspect.Parameter.empty]
        if not defaults:
            continue
        d = defaults[0]
        shown = f'"{d}"' if isinstance(d, str) else repr(d)
        lines[i] = f"{line}, optional" if d is None else f"{line}, default {shown}"
    return "\n".join(lines)


def _fill(doc: str, fragments: dict[str, str], func: Callable) -> str:
    def put(m: re.Match[str]) -> str:
        indent, key = m.group(1), m.group(2)
        if key not in fragments:
            raise KeyError(f"{func.__qualname__}: no docstring fragment named {{{key}}}")
        text = textwrap.dedent("    " + _with_default(fragments[key], func))
        # Fragments are written as at a function's Parameters section (first
        # line flush, the rest at 8 spaces); re-indent to where they stand.
        return textwrap.indent(text, indent)

    return _PLACEHOLDER.sub(put, doc)


class Docs:
    """A docstring decorator filling ``{name}`` lines from :data:`PARAMS` and more.

    Parameters
    ----------
    **fragments : str
        A module's own fragments; they may also replace a shared one.

    Examples
    --------
    >>> @doc
    ... def volume(stories, *, seed=0):
    ...     '''Count.
    ...
    ...     Parameters
    ...     ----------
    ...     {seed}
    ...     '''
    >>> print(volume.__doc__.splitlines()[4])
        seed : int, default 0
    """

    def __init__(self, **fragments: str) -> None:
        self.fragments = {**PARAMS, **fragments}

    def __call__(self, func: F) -> F:
        if func.__doc__:
            func.__doc__ = _fill(func.__doc__, self.fragments, func)
        return func


doc = Docs()
"""The decorator with the shared fragments only."""
