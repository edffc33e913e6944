"""LoadReport: what a reader read, loaded, repaired and rejected.

Nothing is dropped silently. Every reader counts the records it read; each is
either loaded (perhaps with notes: a field set to NA, bytes that were not
UTF-8, an empty body) or rejected with a reason and its location. Loaded plus
rejected always equals read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Issue", "LoadError", "LoadReport"]


class LoadError(ValueError):
    """A record could not be loaded and the reader was asked to be strict."""


@dataclass(frozen=True)
class Issue:
    """One thing a reader has to say about one record.

    ``location`` is ``file:line`` for line-based formats and ``file#record``
    for the others; ``field`` names the field concerned, or is empty.
    """

    location: str
    reason: str
    field: str = ""


@dataclass
class LoadReport:
    """The account a reader gives of its input.

    Attributes
    ----------
    read : int
        Records found in the input.
    loaded : int
        Records that became rows of the Story table.
    rejected : list of Issue
        Records that did not, each with its reason and location.
    notes : list of Issue
        Loaded records with something to report: a value set to NA, bytes
        decoded with a fallback, an empty body.
    sources : list of str
        The files (or dataset names) read.

    Examples
    --------
    >>> r = LoadReport(read=2, loaded=1, rejected=[Issue("a.csv:3", "no date")],
    ...                sources=["a.csv"])
    >>> r.check()
    >>> print(r.summary())
    read 2, loaded 1, rejected 1, notes 0 (a.csv)
    """

    read: int = 0
    loaded: int = 0
    rejected: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def check(self) -> None:
        """Raise RuntimeError if loaded plus rejected does not equal read."""
        if self.loaded + len(self.rejected) != self.read:
            raise RuntimeError(
                f"wireframe bug: a reader lost records (read {self.read}, loaded "
                f"{self.loaded}, rejected {len(self.rejected)}); please report it"
            )

    def __add__(self, other: LoadReport) -> LoadReport:
        return LoadReport(
            read=self.read + other.read,
            loaded=self.loaded + other.loaded,
            rejected=self.rejected + other.rejected,
            notes=self.notes + other.notes,
            sources=self.sources + other.sources,
        )

    def to_frame(self) -> pd.DataFrame:
        """Return every rejection and note as a tidy table.

        Columns: ``kind`` ("rejected" or "note"), ``location``, ``field``,
        ``reason``.
        """
        rows = [("rejected", i.location, i.field, i.reason) for i in self.rejected]
        rows += [("note", i.location, i.field, i.reason) for i in self.notes]
        return pd.DataFrame(rows, columns=["kind", "location", "field", "reason"]).astype(
            "string"
        )

    def summary(self) -> str:
        """One line: the counts and the sources."""
        src = ", ".join(self.sources[:3]) + (" ..." if len(self.sources) > 3 else "")
        return (
            f"read {self.read}, loaded {self.loaded}, rejected {len(self.rejected)}, "
            f"notes {len(self.notes)}" + (f" ({src})" if src else "")
        )

    def __str__(self) -> str:
        """The summary, then one line per kind of rejection and note, with the first case.

        Each kind is named by its reason up to the first colon; the first
        case's full reason (what was wrong, and the fix) follows, indented.
        """
        lines = [self.summary()]
        for kind, issues in (("rejected", self.rejected), ("note", self.notes)):
            reasons = pd.Series([i.reason.split(":")[0] for i in issues], dtype="object")
            for reason, n in reasons.value_counts(sort=True).items():
                first = next(i for i in issues if i.reason.split(":")[0] == reason)
                lines.append(f"  {kind}: {n} x {reason} (first at {first.location})")
                detail = first.reason[len(reason) + 1:].strip()
                if detail:
                    lines.append("      " + (detail if len(detail) <= 300 else
                                             detail[:297] + "..."))
        return "\n".join(lines)


class Recorder:
    """Helper that readers use to fill a LoadReport as they stream.

    ``reject`` raises :class:`LoadError` at once when ``strict`` is true, so
    that the user learns the file and line of the first bad record.
    """

    def __init__(self, source: str, *, strict: bool = False) -> None:
        self.report = LoadReport(sources=[source])
        self.strict = strict

    def seen(self) -> None:
        self.report.read += 1

    def loaded(self) -> None:
        self.report.loaded += 1

    def reject(self, location: str, reason: str, field: str = "") -> None:
        if self.strict:
            raise LoadError(f"{location}: {reason}")
        self.report.rejected.append(Issue(location, reason, field))

    def note(self, location: str, reason: str, field: str = "") -> None:
        self.report.notes.append(Issue(location, reason, field))

    def done(self) -> LoadReport:
        self.report.check()
        return self.report
