"""Entity sets: named lists of the names that stand for a state, for use in patterns.

An entity set is a list of names (words or phrases): the states of the world,
their demonyms, capitals used as metonyms, leaders, agencies, blocs. A
pattern refers to one by ``@name`` where a token would stand, so that an
entry can require a state nearby: ``adversar* w/5 @nations`` ("adversaries"
within five tokens of a state, in either order), ``@demonyms agent*`` ("North
Korean agents").

The shipped sets are package data, ``wireframe/data/entities/*.yaml`` (see
:func:`entity_sets`); ``powers.yaml`` documents its source and its limits. A
lexicon may define its own sets under an ``entities`` key (see
:func:`wireframe.frames.load_lexicon`), in the same format as a set of an
entities file::

    entities:
      rivals: [Iran, Saudi Arabia]             # a list of names
      gulf:                                    # or a mapping
        description: the Gulf monarchies
        case: sensitive                        # the default for a set
        members: [Saudi Arabia, Qatar, UAE, Kuwait, Bahrain, Oman]
      both: {union: [rivals, gulf]}            # a union of sets defined before

Names match case-sensitively unless the set says ``case: fold``: "Turkey"
is a state, "turkey" a bird; "US" a state, "us" a pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from wireframe import _validate as check

__all__ = ["EntitySet", "entity_sets", "load_entities"]

_SET_NAME = re.compile(r"[a-z][a-z0-9_]*")
_FILE_KEYS = ("name", "description", "source", "limits", "case", "sets")
_SET_KEYS = ("description", "case", "members", "union")
# A member is words of letters and digits joined by spaces, hyphens,
# apostrophes or dots ("U.S", "Côte d'Ivoire", "Guinea-Bissau").
_MEMBER = re.compile(r"[^\W_]+(?:(?:[ \-‐'’.]|\. )[^\W_]+)*")


class EntityError(ValueError):
    """An entities file or a lexicon's ``entities`` is not valid; the message says where."""


@dataclass(frozen=True)
class EntitySet:
    """A named set of names that stand for states (or anything else a pattern needs).

    Attributes
    ----------
    name : str
        What a pattern calls it, after ``@``.
    members : tuple of str
        The names, as written; a multi-word name matches across a space, a
        line break or a hyphen, as a phrase of a pattern does.
    case : {"sensitive", "fold"}
        Match the names as written (the default), or in any case.
    description : str
        What the set holds.
    source : str
        The file it was read from.
    """

    name: str
    members: tuple[str, ...]
    case: str = "sensitive"
    description: str = ""
    source: str = ""

    def table(self) -> pd.DataFrame:
        """Return the members as a table: ``set, member, case``."""
        return pd.DataFrame({"set": self.name, "member": list(self.members), "case": self.case})

    def __repr__(self) -> str:
        return f"EntitySet({self.name!r}: {len(self.members)} names, {self.case})"


def _sets_from(mapping: object, where: str, known: Mapping[str, EntitySet],
               default_case: str = "sensitive") -> dict[str, EntitySet]:
    """Read a ``sets`` (or a lexicon's ``entities``) mapping; unions may use ``known`` sets."""
    if not isinstance(mapping, dict) or not mapping:
        raise EntityError(f"{where}: sets must map each set's name to its members")
    out: dict[str, EntitySet] = {}
    for name, spec in mapping.items():
        if not isinstance(name, str) or not _SET_NAME.fullmatch(name):
            raise EntityError(f"{where}: a set name must be lower-case letters, digits and _, "
                              f"like 'powers'; got {name!r}")
        if name in known:
            raise EntityError(f"{where}: set {name!r} is already defined in {known[name].source}; "
                              "give yours another name")
        if isinstance(spec, list):
            spec = {"members": spec}
        if not isinstance(spec, dict):
            raise EntityError(f"{where}: set {name!r} must be a list of names or a mapping with "
                              "members or union")
        unknown = sorted(set(spec) - set(_SET_KEYS))
        if unknown:
            raise EntityError(f"{where}: set {name!r} has unknown key(s) {', '.join(unknown)}; "
                              f"allowed keys are {', '.join(_SET_KEYS)}")
        if ("members" in spec) == ("union" in spec):
            raise EntityError(f"{where}: set {name!r} needs either members or union")
        case = spec.get("case", default_case)
        if case not in ("sensitive", "fold"):
            raise EntityError(f"{where}: set {name!r}: case must be 'sensitive' or 'fold'; "
                              f"got {case!r}")
        if "union" in spec:
            parts = spec["union"]
            pool = {**known, **out}
            if not isinstance(parts, list) or not parts:
                raise EntityError(f"{where}: set {name!r}: union must be a list of set names")
            missing = [p for p in parts if p not in pool]
            if missing:
                raise EntityError(f"{where}: set {name!r}: union names unknown set(s) "
                                  f"{', '.join(map(str, missing))}; define them before it")
            cases = {pool[p].case for p in parts}
            if len(cases) > 1:
                raise EntityError(f"{where}: set {name!r}: union of sets with different case "
                                  "rules; make them all 'sensitive' or all 'fold'")
            case = cases.pop()
            members = tuple(dict.fromkeys(m for p in parts for m in pool[p].members))
        else:
            members = spec["members"]
            if not isinstance(members, list) or not members:
                raise EntityError(f"{where}: set {name!r}: members must be a non-empty list")
            for m in members:
                if not isinstance(m, str) or not _MEMBER.fullmatch(m.strip()):
                    raise EntityError(
                        f"{where}: set {name!r}: member {m!r} is not a name (words of letters "
                        "and digits, joined by spaces, hyphens, apostrophes or dots)")
            members = tuple(dict.fromkeys(m.strip() for m in members))
        out[name] = EntitySet(name, members, case, str(spec.get("description", "")).strip(),
                              where)
    return out


def _read_file(text: str, where: str, known: Mapping[str, EntitySet]) -> dict[str, EntitySet]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise EntityError(f"{where}: not valid YAML: {err}") from None
    if not isinstance(data, dict) or "sets" not in data:
        raise EntityError(f"{where}: an entities file must be a mapping with a 'sets' key")
    unknown = sorted(set(data) - set(_FILE_KEYS))
    if unknown:
        raise EntityError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed keys are "
                          f"{', '.join(_FILE_KEYS)}")
    return _sets_from(data["sets"], where, known, data.get("case", "sensitive"))


@cache
def _shipped() -> dict[str, EntitySet]:
    folder = resources.files("wireframe") / "data" / "entities"
    sets: dict[str, EntitySet] = {}
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.name.endswith(".yaml"):
            sets.update(_read_file(p.read_text(encoding="utf-8"),
                                   f"wireframe/data/entities/{p.name}", sets))
    return sets


def entity_sets() -> list[str]:
    """Return the names of the entity sets shipped with wireframe.

    Examples
    --------
    >>> entity_sets()  # doctest: +NORMALIZE_WHITESPACE
    ['agencies', 'blocs', 'capitals', 'demonyms', 'intelligence', 'leaders', 'nations', 'powers',
     'state_bodies', 'states']
    """
    return sorted(_shipped())


def load_entities(name_or_path: str | Path | None = None) -> dict[str, EntitySet]:
    """Read entity sets: one shipped set, every shipped set, or the sets of a YAML file.

    Parameters
    ----------
    name_or_path : str, Path or None
        A shipped set's name (see :func:`entity_sets`), a YAML file in the
        format of ``wireframe/data/entities/powers.yaml``, or None for every
        shipped set.

    Returns
    -------
    dict of str to EntitySet

    Raises
    ------
    EntityError
        For a file that is not valid (naming the file, the set and the fix).
    ValueError
        For a name that is neither a shipped set nor a file.

    Examples
    --------
    >>> load_entities("nations")["nations"].members[:3]
    ('Afghanistan', 'Albania', 'Algeria')
    """
    shipped = _shipped()
    if name_or_path is None:
        return dict(shipped)
    if isinstance(name_or_path, str) and name_or_path in shipped:
        return {name_or_path: shipped[name_or_path]}
    if isinstance(name_or_path, str | Path):
        path = Path(name_or_path)
        if path.suffix.lower() in (".yaml", ".yml") or path.exists():
            if not path.exists():
                raise FileNotFoundError(f"no such entities file: {path}")
            return _read_file(path.read_text(encoding="utf-8"), str(path), shipped)
    raise check.fail("frames.load_entities", "name_or_path",
                     f"a shipped set ({', '.join(sorted(shipped))}), a YAML file or None",
                     name_or_path)
