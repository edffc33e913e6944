"""Coders' files read back and checked, and adjudicated into one code per story.

:func:`read_codes` reads one or several coders' files (the sheets that
:func:`~wireframe.frames.coding_sheet` wrote, filled in; or any CSV of codes,
wide or long), checks every code, and joins the sampling design.
:func:`adjudicate` turns several coders' codes into one code per story and
frame: the shared code where they agree, the adjudicator's decision where
they do not (from the table :func:`~wireframe.frames.disagreements` makes).
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from wireframe import _validate as check

__all__ = ["CODES_COLUMNS", "CONSENSUS_COLUMNS", "CodesError", "adjudicate", "read_codes"]

CODES_COLUMNS: tuple[str, ...] = ("sheet_id", "story_id", "coder", "frame", "code", "comment",
                                  "file", "row")
"""The first columns of :func:`read_codes`; the design's columns follow."""

CONSENSUS_COLUMNS: tuple[str, ...] = ("sheet_id", "story_id", "frame", "code", "coders",
                                      "source")
"""The first columns of :func:`adjudicate`; the design's columns follow."""

DESIGN_NEEDS: tuple[str, ...] = ("sheet_id", "story_id", "stratum", "stratum_size",
                                 "stratum_sampled", "weight")
"""Columns a design must have (as ``design.csv`` of a coding sheet does)."""

_DESIGN_KEEP = ("outlet", "family", "stratum", "stratum_size", "stratum_sampled", "weight")
_RESERVED = {"sheet_id", "story_id", "coder", "coders", "outlet", "published", "headline",
             "subtitle", "body", "comment", "stratum", "stratum_size", "stratum_sampled",
             "weight", "family", "hits", "file", "row", "frame", "code", "decision", "reason",
             "codes", "comments"}
_CODE_FIX = "write 1 (the story uses the frame) or 0 (it does not), or leave it empty until coded"
_SHOWN = 20


class CodesError(ValueError):
    """Coders' files that cannot be read as they are; the message lists every problem."""


def _records(path: Path) -> tuple[list[str], list[tuple[int, int, dict[str, str]]]]:
    """Header and (spreadsheet row, first line, record) of a CSV, BOM and ';' allowed."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], []
    out, line = [], reader.line_num + 1
    for k, rec in enumerate(reader):
        if any(v.strip() for v in rec):
            out.append((k + 2, line, dict(zip(header, rec, strict=False))))
        line = reader.line_num + 1
    return header, out


def _design_table(design: object) -> pd.DataFrame | None:
    if design is None:
        return None
    if isinstance(design, str | Path):
        p = Path(design)
        if not p.is_file():
            raise FileNotFoundError(f"frames.read_codes: no such design file: {p}")
        design = pd.read_csv(p, dtype={"story_id": "string", "stratum": "string"},
                             keep_default_na=False, na_values=[""])
    check.made_by("frames.read_codes", design, DESIGN_NEEDS, name="design",
                  maker="frames.coding_sheet(...).design (design.csv)")
    if design["sheet_id"].duplicated().any():
        raise check.ParameterError("frames.read_codes: `design` has a sheet_id twice; pass the "
                                   "design.csv of one coding sheet")
    return design


def read_codes(paths: str | Path | Sequence[str | Path], *, design: pd.DataFrame | str | Path
               | None = None, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Read coders' files, check every code, and join the sampling design.

    Parameters
    ----------
    paths : path, or list of paths
        Coders' CSV files (folders: every ``sheet_*.csv`` in them). *Wide*:
        one row per story, one column per frame holding 1, 0 or nothing
        (the sheets of :func:`coding_sheet`); *long*: one row per story and
        frame, with ``frame`` and ``code`` columns. A story is named by
        ``sheet_id`` (with a design) or ``story_id``. The coder is the
        ``coder`` column, else the file's name (``sheet_B.csv``: "B", with a
        warning). UTF-8 (a spreadsheet's byte-order mark is fine), comma or
        semicolon separated.
    design : DataFrame or path, optional
        The design of the sheet (``design.csv``); None takes ``design.csv``
        from the first file's folder, else the design columns the files
        carry themselves (``stratum``, ``stratum_size``,
        ``stratum_sampled``, ``weight``, as the NewsArticles development
        codes do), else none (every story weight 1 in one stratum "all",
        with a warning).
    frames : sequence of str, optional
        The frames coded; None: the design's frames (its ``hits_<frame>``
        columns), else the columns of the first file that are not
        reserved names.

    Returns
    -------
    DataFrame
        One row per coder, story and frame coded: :data:`CODES_COLUMNS`
        (``code`` int64 0/1; ``comment`` the coder's comment on the story;
        ``file`` and ``row``, the spreadsheet row, header row 1), then
        ``outlet``, ``family``, ``stratum``, ``stratum_size``,
        ``stratum_sampled`` and ``weight`` where known. Sorted by sheet
        (or story), coder and frame order. Cells left empty are not
        codes: they are left out with a warning per file.

    Raises
    ------
    CodesError
        Listing every problem in every file (file, row, line, what is
        wrong, and the fix): a code other than 0 or 1, a frame unknown or
        missing, a story not in the design or whose ``story_id`` does not
        match its ``sheet_id``, a coder who codes the same story and frame
        twice, a row that names no story.
    FileNotFoundError
        For a path that does not exist.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "sheet_A.csv").write_text(
    ...     "story_id,coder,stratum,weight,spy,comment\\na,A,all,1,1,x\\nb,A,all,1,0,\\n")
    >>> read_codes(d / "sheet_A.csv")[["story_id", "coder", "frame", "code"]].values.tolist()
    [['a', 'A', 'spy', 1], ['b', 'A', 'spy', 0]]
    """
    func = "frames.read_codes"
    files = _files(paths, func)
    given = _design_table(design)
    if given is None and (files[0].parent / "design.csv").is_file():
        given = _design_table(files[0].parent / "design.csv")
    known = list(frames) if frames is not None else (
        [c[5:] for c in given.columns if c.startswith("hits_")] if given is not None else None)
    if known == []:
        known = None
    problems: list[str] = []
    rows: list[dict] = []
    in_file_design: dict[str, dict] = {}
    for path in files:
        known = _read_one(path, given, known, problems, rows, in_file_design)
    seen: dict[tuple, str] = {}
    for r in rows:
        key = (r["coder"], r["story_id"] if r["story_id"] is not None else r["sheet_id"],
               r["frame"])
        where = f"{r['file']}, row {r['row']}"
        if key in seen:
            problems.append(f"{where}: coder {r['coder']!r} codes story "
                            f"{key[1]!r} for {r['frame']!r} again (first at {seen[key]}). Fix: "
                            "keep one of the two rows")
        else:
            seen[key] = where
    if problems:
        more = len(problems) - _SHOWN
        raise CodesError(f"{func}: {len(problems)} problem(s) in the coders' files:\n  "
                         + "\n  ".join(problems[:_SHOWN])
                         + (f"\n  ... and {more} more" if more > 0 else ""))
    codes = pd.DataFrame(rows, columns=[*CODES_COLUMNS, "_line"]).drop(columns="_line")
    codes = _join_design(codes, given, in_file_design, func)
    order = {f: i for i, f in enumerate(dict.fromkeys(codes["frame"]))}
    codes = codes.assign(_f=codes["frame"].map(order), _k=codes["sheet_id"].fillna(-1))
    codes = codes.sort_values(["_k", "story_id", "coder", "_f"], kind="stable")
    return codes.drop(columns=["_f", "_k"]).reset_index(drop=True)


def _files(paths: object, func: str) -> list[Path]:
    items = [paths] if isinstance(paths, str | Path) else list(paths) if isinstance(
        paths, Sequence) else None
    if not items:
        raise check.fail(func, "paths", "a coder's file, a folder, or a list of them", paths)
    files: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(p.glob("sheet_*.csv"))
            if not found:
                raise FileNotFoundError(f"{func}: no sheet_*.csv in folder {p}")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"{func}: no such coders' file: {p}")
    return files


def _read_one(path: Path, design: pd.DataFrame | None, known: list[str] | None,
              problems: list[str], rows: list[dict], in_file_design: dict[str, dict]
              ) -> list[str] | None:
    """Read one file's codes into ``rows``; its problems into ``problems``; return the frames."""
    name = path.name
    header, records = _records(path)
    if not header:
        problems.append(f"{name}: the file is empty. Fix: write the sheet's header and rows")
        return known
    long = "frame" in header and "code" in header
    if "sheet_id" not in header and "story_id" not in header:
        problems.append(f"{name}: no sheet_id or story_id column, so no row names its story. "
                        "Fix: keep the columns the coding sheet was written with")
        return known
    if "sheet_id" in header and "story_id" not in header and design is None:
        problems.append(f"{name}: stories named by sheet_id only, and no design to look them "
                        "up in. Fix: pass design='design.csv' (the sheet's design file)")
        return known
    wide_frames = [h for h in header if h and h not in _RESERVED and not h.startswith(
        ("hits_", "cue_", "Unnamed"))]
    if not long:
        if known is None:
            known = wide_frames
        missing = [f for f in known if f not in header]
        if missing:
            problems.append(f"{name}: no column for frame(s) {', '.join(map(repr, missing))}; "
                            f"it has {', '.join(header)}. Fix: add the column, or name the "
                            "frames coded with frames=[...]")
            return known
    coder_col = "coder" in header
    from_name = path.stem[6:] if path.stem.startswith("sheet_") else path.stem
    if not coder_col:
        warnings.warn(f"frames.read_codes: {name} has no coder column; its codes are taken "
                      f"as coder {from_name!r}, from the file's name", UserWarning, stacklevel=3)
    by_sheet = design.set_index("sheet_id")["story_id"] if design is not None else None
    design_ids = set(design["story_id"].astype(str)) if design is not None else None
    uncoded, first_uncoded = 0, None
    for row, line, rec in records:
        where = f"{name}, row {row} (line {line})"
        sheet_raw = (rec.get("sheet_id") or "").strip()
        story = (rec.get("story_id") or "").strip() or None
        sheet = None
        if sheet_raw:
            try:
                sheet = int(float(sheet_raw)) if float(sheet_raw).is_integer() else None
            except ValueError:
                sheet = None
            if sheet is None:
                problems.append(f"{where}: sheet_id {sheet_raw!r} is not a whole number. Fix: "
                                "restore the sheet_id the sheet was written with")
                continue
        if sheet is None and story is None:
            problems.append(f"{where}: names no story (sheet_id and story_id are empty). Fix: "
                            "restore them, or delete the row")
            continue
        if by_sheet is not None:
            if sheet is not None:
                if sheet not in by_sheet.index:
                    problems.append(f"{where}: sheet_id {sheet} is not in the design. Fix: "
                                    "read the codes with the design of their own sheet")
                    continue
                expected = str(by_sheet[sheet])
                if story is not None and story != expected:
                    problems.append(f"{where}: sheet_id {sheet} is story {expected!r} in the "
                                    f"design, not {story!r}. Fix: restore the row's ids")
                    continue
                story = expected
            elif story not in design_ids:
                problems.append(f"{where}: story_id {story!r} is not in the design. Fix: "
                                "read the codes with the design of their own sheet")
                continue
        coder = (rec.get("coder") or "").strip() if coder_col else from_name
        if not coder:
            problems.append(f"{where}: the coder is empty. Fix: write the coder's name")
            continue
        comment = (rec.get("comment") or "").strip() or None
        if design is None and "stratum" in rec:
            in_file_design.setdefault(story, {k: rec.get(k) for k in _DESIGN_KEEP if k in rec})
        base = {"sheet_id": sheet, "story_id": story, "coder": coder, "comment": comment,
                "file": name, "row": row, "_line": line}
        if long:
            frame = (rec.get("frame") or "").strip()
            if known is not None and frame not in known:
                problems.append(f"{where}: unknown frame {frame!r}; the frames are "
                                f"{', '.join(known)}. Fix: correct the frame's name")
                continue
            pairs = [(frame, rec.get("code") or "")]
        else:
            pairs = [(f, rec.get(f) or "") for f in known]
        for frame, raw in pairs:
            value = raw.strip()
            if value == "":
                uncoded += 1
                first_uncoded = first_uncoded or where
                continue
            if value not in ("0", "1"):
                problems.append(f"{where}: `{frame}` is {raw!r}. Fix: {_CODE_FIX}")
                continue
            rows.append({**base, "frame": frame, "code": int(value)})
    if uncoded:
        warnings.warn(f"frames.read_codes: {name}: {uncoded} code(s) left empty (first at "
                      f"{first_uncoded}); read as not coded yet and left out", UserWarning,
                      stacklevel=3)
    return known


def _join_design(codes: pd.DataFrame, design: pd.DataFrame | None, in_file: dict[str, dict],
                 func: str) -> pd.DataFrame:
    codes["sheet_id"] = pd.array(codes["sheet_id"], dtype="Int64")
    codes["code"] = codes["code"].astype("int64")
    codes["row"] = codes["row"].astype("int64")
    for c in ("story_id", "coder", "frame", "comment", "file"):
        codes[c] = pd.array(codes[c], dtype="string")
    if design is not None:
        keep = [c for c in _DESIGN_KEEP if c in design.columns]
        look = design.assign(story_id=design["story_id"].astype(str)).set_index("story_id")
        for c in keep:
            codes[c] = look[c].reindex(codes["story_id"].astype(str)).to_numpy()
        sheet_of = look["sheet_id"].reindex(codes["story_id"].astype(str)).to_numpy()
        codes["sheet_id"] = pd.array(codes["sheet_id"].fillna(
            pd.Series(sheet_of, index=codes.index)), dtype="Int64")
    elif in_file:
        table = pd.DataFrame.from_dict(in_file, orient="index")
        for c in table.columns:
            codes[c] = table[c].reindex(codes["story_id"].astype(str)).to_numpy()
    else:
        warnings.warn(f"{func}: no design (no design.csv beside the files, no design columns "
                      "in them): every story has weight 1 in one stratum 'all', as if drawn "
                      "by simple random sampling. Fix: pass design='design.csv'",
                      UserWarning, stacklevel=3)
        codes["stratum"] = "all"
        codes["weight"] = 1.0
    for c in ("stratum_size", "stratum_sampled"):
        if c in codes.columns:
            codes[c] = pd.to_numeric(codes[c]).astype("int64")
    if "weight" in codes.columns:
        codes["weight"] = pd.to_numeric(codes["weight"]).astype(float)
    for c in ("outlet", "family", "stratum"):
        if c in codes.columns:
            codes[c] = pd.array(codes[c], dtype="string")
    return codes


def adjudicate(codes: pd.DataFrame, decisions: pd.DataFrame | str | Path | None = None
               ) -> pd.DataFrame:
    """One code per story and frame: agreed, single, or decided by an adjudicator.

    Parameters
    ----------
    codes : DataFrame
        The output of :func:`read_codes`.
    decisions : DataFrame or path, optional
        The table :func:`disagreements` wrote, its ``decision`` column
        filled with 1 or 0 (``reason`` is kept as the comment). A decision
        on a story and frame where the coders agreed overrides them. Needed
        whenever coders disagree.

    Returns
    -------
    DataFrame
        One row per story and frame: :data:`CONSENSUS_COLUMNS` (``coders``:
        how many coded it; ``source``: "single" (one coder), "agreed" or
        "adjudicated"), ``comment``, then the design's columns.

    Raises
    ------
    CodesError
        For a disagreement without a decision, a decision other than 0 or
        1, or one for a story and frame that was not coded, each with its
        row.

    Examples
    --------
    >>> c = pd.DataFrame({"sheet_id": [1, 1], "story_id": ["a", "a"], "coder": ["A", "B"],
    ...                   "frame": ["spy", "spy"], "code": [1, 0], "comment": [None, None]})
    >>> d = pd.DataFrame({"story_id": ["a"], "frame": ["spy"], "decision": [1]})
    >>> adjudicate(c, d)[["story_id", "code", "source"]].values.tolist()
    [['a', 1, 'adjudicated']]
    """
    func = "frames.adjudicate"
    check.made_by(func, codes, ("story_id", "coder", "frame", "code"), name="codes",
                  maker="frames.read_codes(paths)")
    key = ["story_id", "frame"]
    g = codes.groupby(key, sort=False)
    summary = g.agg(coders=("coder", "nunique"), low=("code", "min"), high=("code", "max"),
                    code=("code", "first"))
    summary["source"] = "agreed"
    summary.loc[summary["coders"] == 1, "source"] = "single"
    split = summary["low"] != summary["high"]
    decided = _decisions(decisions, summary.index, func) if decisions is not None else {}
    undecided = [k for k in summary.index[split] if k not in decided]
    if undecided:
        raise CodesError(
            f"{func}: {len(undecided)} story and frame pair(s) where the coders disagree have "
            f"no decision (first: story {undecided[0][0]!r}, {undecided[0][1]!r}). Fix: write "
            "frames.disagreements(codes, path='disagreements.csv'), fill its `decision` "
            "column with 1 or 0, and pass decisions='disagreements.csv'")
    comments = g["comment"].agg(lambda s: " | ".join(
        f"{c}: {t}" for c, t in zip(codes.loc[s.index, "coder"], s, strict=True)
        if isinstance(t, str) and t))
    summary["comment"] = comments.where(comments != "", None)
    for k, (value, reason) in decided.items():
        summary.loc[k, ["code", "source"]] = [value, "adjudicated"]
        if reason:
            summary.loc[k, "comment"] = reason
    out = summary.reset_index()
    first = codes.drop_duplicates("story_id").set_index("story_id")
    extra = [c for c in ("sheet_id", *_DESIGN_KEEP) if c in first.columns]
    for c in extra:
        out[c] = first[c].reindex(out["story_id"]).to_numpy()
    out["code"] = out["code"].astype("int64")
    out["coders"] = out["coders"].astype("int64")
    if "sheet_id" not in out.columns:
        out["sheet_id"] = pd.array([pd.NA] * len(out), dtype="Int64")
    cols = [*CONSENSUS_COLUMNS, "comment", *[c for c in _DESIGN_KEEP if c in out.columns]]
    return out[cols].reset_index(drop=True)


def _decisions(decisions: object, coded: pd.Index, func: str) -> dict[tuple, tuple[int, str]]:
    if isinstance(decisions, str | Path):
        p = Path(decisions)
        if not p.is_file():
            raise FileNotFoundError(f"{func}: no such decisions file: {p}")
        header, records = _records(p)
        name = p.name
    else:
        check.made_by(func, decisions, ("story_id", "frame", "decision"), name="decisions",
                      maker="frames.disagreements(codes) with its `decision` filled")
        header = list(decisions.columns)
        records = [(i + 2, i + 2, {k: "" if pd.isna(v) else str(v) for k, v in r.items()})
                   for i, r in enumerate(decisions.to_dict("records"))]
        name = "decisions"
    for need in ("story_id", "frame", "decision"):
        if need not in header:
            raise CodesError(f"{func}: {name} has no {need!r} column. Fix: pass the table "
                             "frames.disagreements wrote, its `decision` column filled")
    problems, out = [], {}
    known = set(coded)
    for row, _line, rec in records:
        value = (rec.get("decision") or "").strip()
        if value == "":
            continue
        key = ((rec.get("story_id") or "").strip(), (rec.get("frame") or "").strip())
        if value.endswith(".0"):
            value = value[:-2]
        if value not in ("0", "1"):
            problems.append(f"{name}, row {row}: decision is {value!r}. Fix: {_CODE_FIX}")
        elif key not in known:
            problems.append(f"{name}, row {row}: story {key[0]!r}, frame {key[1]!r} was not "
                            "coded. Fix: keep the rows disagreements wrote")
        else:
            out[key] = (int(value), (rec.get("reason") or "").strip())
    if problems:
        raise CodesError(f"{func}: {len(problems)} problem(s) in the decisions:\n  "
                         + "\n  ".join(problems[:_SHOWN]))
    return out
