"""Coding sheets: a stratified, seeded sample of whole stories for human coders.

:func:`coding_sheet` draws stories in three strata, ``hit`` (a hit of any
frame of the lexicon), ``cue`` (no hit, but a broad *cue* word of some frame)
and ``none`` (neither), so that the stories a lexicon misses can be found and
its recall estimated, not only its precision. It returns a
:class:`CodingSheet`: the design (one row per story drawn, with its stratum,
stratum size and weight) and one blind sheet per coder; :meth:`CodingSheet.write`
puts them in a folder as CSV (plus HTML or text for reading whole stories).
:func:`load_cues` reads the cue lists shipped for the kit's frames
(``wireframe/data/cues/*.yaml``, in the lexicon format).
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

import wireframe
from wireframe import _validate as check
from wireframe.aggregate import family_of
from wireframe.frames.lexicon import Entry, Frame, Lexicon, _as_lexicon, _doc, load_lexicon
from wireframe.frames.matching import _READS, match, score
from wireframe.frames.patterns import _parse, _PatternError

__all__ = ["DESIGN_COLUMNS", "STRATA", "CodingSheet", "coding_sheet", "load_cues"]

STRATA: tuple[str, ...] = ("hit", "cue", "none")
"""The strata of a coding sheet, in the order they are drawn."""

DESIGN_COLUMNS: tuple[str, ...] = (
    "sheet_id", "story_id", "outlet", "family", "stratum", "stratum_size", "stratum_sampled",
    "weight", "coders",
)
"""The first columns of a coding sheet's design; ``hits_<frame>`` and ``cue_<frame>`` follow."""

SIZES: Mapping[str, int | None] = MappingProxyType({"hit": 100, "cue": 200, "none": 100})
"""The default stories drawn per stratum."""

FORMATS: tuple[str, ...] = ("csv", "html", "txt")
"""The files a coding sheet can be written as (CSV is always written)."""

_FUNC = "frames.coding_sheet"
_CODER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")


def _cue_folder():
    return resources.files("wireframe") / "data" / "cues"


def _shipped_cues() -> list[str]:
    return sorted(p.name[:-5] for p in _cue_folder().iterdir() if p.name.endswith(".yaml"))


def load_cues(frames: str | Sequence[str] | None = None) -> Lexicon:
    """Read the cue lists shipped with wireframe, as one lexicon.

    Parameters
    ----------
    frames : str or sequence of str, optional
        The frames whose cues to read; all shipped cue lists when None
        (``new_cold_war``, ``rivalry``, ``espionage``).

    Returns
    -------
    Lexicon
        One frame per cue list, named like the frame it cues, each entry a
        cue pattern with a note saying where it comes from.

    Raises
    ------
    ValueError
        For a frame that has no shipped cue list.

    Notes
    -----
    A cue is a broad word that a story using the frame is likely to
    contain ("intelligence", "influence", "NATO", "tariff"). It is not
    evidence of the frame; it marks the stories without a lexicon hit that
    are worth reading, so that misses are found at a cost a coder can pay.
    The shipped lists start from the cue words of the NewsArticles
    development sample (``corpus/validation/README.md``); each file's
    description says how they were written down as patterns.

    Examples
    --------
    >>> load_cues("espionage").frame_names
    ['espionage']
    """
    shipped = _shipped_cues()
    names = shipped if frames is None else [frames] if isinstance(frames, str) else list(frames)
    parts = []
    for name in names:
        if name not in shipped:
            raise check.fail("frames.load_cues", "frames", "frames with shipped cues ("
                             + ", ".join(shipped) + ")", name,
                             fix="give your own cues: coding_sheet(..., cues={'frame': "
                                 "['word', 'glob*']})")
        with resources.as_file(_cue_folder() / f"{name}.yaml") as path:
            parts.append(load_lexicon(path))
    return _as_lexicon(parts, "frames.load_cues")


def _cue_lexicon(cues: object, frames: list[str]) -> Lexicon | None:
    """The ``cues`` argument as a lexicon whose frames are a subset of ``frames``."""
    if cues is False:
        return None
    if cues is None:
        have = [f for f in frames if f in _shipped_cues()]
        missing = [f for f in frames if f not in have]
        if missing:
            warnings.warn(
                f"{_FUNC}: no shipped cues for frame(s) {', '.join(missing)}, so their misses "
                "are found only in the `none` stratum. Fix: pass cues={'frame': ['word', "
                "'glob*', ...]}", UserWarning, stacklevel=3)
        return load_cues(have) if have else None
    if isinstance(cues, Mapping):
        built = []
        for frame, patterns in cues.items():
            patterns = [patterns] if isinstance(patterns, str) else list(patterns)
            if not patterns:
                raise check.fail(_FUNC, "cues", "a mapping of frame to a non-empty list of "
                                 "patterns", cues)
            entries = []
            for p in dict.fromkeys(patterns):
                try:
                    kind = _parse(p).kind
                except _PatternError as err:
                    raise check.fail(_FUNC, "cues", "patterns in the lexicon syntax", p,
                                     fix=str(err)) from None
                entries.append(Entry(p, str(frame), kind, "cue given to frames.coding_sheet"))
            built.append(Frame(str(frame), "cues", tuple(entries)))
        lex = Lexicon("cues", "cues given to frames.coding_sheet", tuple(built), "memory")
    else:
        lex = _as_lexicon(cues, _FUNC)
    unknown = [f for f in lex.frame_names if f not in frames]
    if unknown:
        raise check.fail(_FUNC, "cues", "cues for frames of `lexicon` (" + ", ".join(frames)
                         + ")", unknown, fix="name each cue list after the frame it cues")
    return lex


def _excluded_ids(exclude: object) -> set[str]:
    """Story ids to leave out: ids, a table with story_id, or CSV files holding one."""
    if exclude is None:
        return set()
    if isinstance(exclude, pd.DataFrame):
        check.made_by(_FUNC, exclude, ("story_id",), name="exclude",
                      maker="frames.read_codes(paths) or any table of story ids")
        return set(exclude["story_id"].dropna().astype(str))
    if isinstance(exclude, str | Path):
        exclude = [exclude]
    items = list(exclude) if isinstance(exclude, Iterable) else None
    if items is None:
        raise check.fail(_FUNC, "exclude", "story ids, a table with story_id or CSV paths",
                         exclude)
    paths = [x for x in items if isinstance(x, Path) or (isinstance(x, str) and (
        x.lower().endswith(".csv") or Path(x).is_file()))]
    ids = {str(x) for x in items if x not in paths and not pd.isna(x)}
    for p in paths:
        p = Path(p)
        if not p.is_file():
            raise FileNotFoundError(f"{_FUNC}: `exclude` names {p}, which does not exist")
        head = pd.read_csv(p, nrows=0).columns
        if "story_id" not in head:
            raise check.ParameterError(
                f"{_FUNC}: `exclude` file {p} has no story_id column; it has "
                f"{', '.join(map(str, head))}. Fix: pass a coded file or a design file")
        ids |= set(pd.read_csv(p, usecols=["story_id"], dtype=str)["story_id"].dropna())
    return ids


def _sizes(sizes: object) -> dict[str, int | None]:
    if not isinstance(sizes, Mapping):
        raise check.fail(_FUNC, "sizes", "a mapping of stratum to stories drawn", sizes,
                         fix="sizes={'hit': None, 'cue': 200, 'none': 100} (None: all)")
    unknown = [k for k in sizes if k not in STRATA]
    missing = [k for k in STRATA if k not in sizes]
    if unknown or missing:
        raise check.fail(_FUNC, "sizes", "a size for each of 'hit', 'cue' and 'none'", sizes,
                         fix="sizes={'hit': None, 'cue': 200, 'none': 100} (None: all)")
    return {k: check.integer(_FUNC, f"sizes[{k!r}]", sizes[k], low=0, none=True)
            for k in STRATA}


def _coders(coders: object) -> list[str]:
    names = [coders] if isinstance(coders, str) else list(coders) if isinstance(
        coders, Sequence) else None
    if not names or len(set(names)) != len(names) or not all(
            isinstance(c, str) and _CODER_NAME.fullmatch(c) for c in names):
        raise check.fail(_FUNC, "coders", "distinct names of letters, digits, _ or -", coders,
                         fix="coders=('A', 'B')")
    return names


@dataclass
class CodingSheet:
    """A drawn coding sample: its design and one sheet per coder.

    Attributes
    ----------
    design : DataFrame
        One row per story drawn: :data:`DESIGN_COLUMNS` (``weight`` is
        ``stratum_size / stratum_sampled``; ``coders`` the coders who get
        the story, joined by ";"), then per frame ``hits_<frame>`` (the
        lexicon's hits) and ``cue_<frame>`` (1 when a cue of the frame
        occurs). Never shown to coders.
    sheets : dict of str to DataFrame
        Per coder, the stories to code: ``sheet_id``, ``coder``,
        ``story_id``, ``outlet``, ``published``, ``headline``, ``subtitle``
        (where the stories have them), ``body``, then one empty column per
        frame (for 1 or 0) and ``comment``. Not blind, ``stratum`` and
        ``hits`` (the matched text per frame) come before the frames.
    meta : dict
        The call that drew the sample and the size of every stratum, written
        as ``design.json``.
    """

    design: pd.DataFrame
    sheets: dict[str, pd.DataFrame]
    meta: dict = field(default_factory=dict)
    _hits: pd.DataFrame | None = field(default=None, repr=False)

    def write(self, path: str | Path, *, formats: Sequence[str] = ("csv", "html"),
              overwrite: bool = False) -> list[Path]:
        """Write the design and the coders' sheets to a folder.

        Parameters
        ----------
        path : str or Path
            The folder (made if missing).
        formats : sequence of {"csv", "html", "txt"}, default ("csv", "html")
            ``csv``: ``sheet_<coder>.csv``, the file coders fill in and
            :func:`read_codes` reads; ``html``: ``sheet_<coder>.html``, each
            story whole, for reading in a browser; ``txt``: the same as
            plain text. ``design.csv`` and ``design.json`` are always
            written.
        overwrite : bool, default False
            Replace sheets already in the folder. Off by default, so that
            coders' work is never written over.

        Returns
        -------
        list of Path
            The files written.

        Raises
        ------
        FileExistsError
            When a sheet is already there and ``overwrite`` is False.
        """
        formats = [check.choice("CodingSheet.write", "formats", f, FORMATS) for f in
                   ([formats] if isinstance(formats, str) else formats)]
        overwrite = check.flag("CodingSheet.write", "overwrite", overwrite)
        folder = Path(path)
        targets = [folder / "design.csv", folder / "design.json"]
        for coder in self.sheets:
            targets += [folder / f"sheet_{coder}.{ext}" for ext in dict.fromkeys(
                ["csv", *formats])]
        existing = [t for t in targets if t.exists()]
        if existing and not overwrite:
            raise FileExistsError(
                f"CodingSheet.write: {existing[0]} exists; coders' work is never written "
                "over. Fix: write to a new folder, or pass overwrite=True")
        folder.mkdir(parents=True, exist_ok=True)
        self.design.to_csv(folder / "design.csv", index=False, lineterminator="\n")
        (folder / "design.json").write_text(
            json.dumps(self.meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8")
        for coder, sheet in self.sheets.items():
            sheet.to_csv(folder / f"sheet_{coder}.csv", index=False, lineterminator="\n")
            if "html" in formats:
                (folder / f"sheet_{coder}.html").write_text(self._html(coder), encoding="utf-8")
            if "txt" in formats:
                (folder / f"sheet_{coder}.txt").write_text(self._text(coder), encoding="utf-8")
        return [t for t in targets if t.exists()]

    def _marked(self, sheet_id: int, text: str) -> str:
        """The story's text as HTML, hits in <mark> when the sheet is not blind.

        ``text`` is the headline, a blank line and the body, as
        :func:`~wireframe.frames.story_text` makes it, so that the hits'
        offsets point into it.
        """
        if self._hits is None:
            return html.escape(text)
        sid = self.design.loc[self.design["sheet_id"] == sheet_id, "story_id"].iloc[0]
        spans = self._hits[self._hits["story_id"] == sid].sort_values("start")
        out, pos = [], 0
        for s, e, f in zip(spans["start"], spans["end"], spans["frame"], strict=True):
            if s < pos:
                continue
            out += [html.escape(text[pos:s]),
                    f'<mark title="{html.escape(str(f))}">{html.escape(text[s:e])}</mark>']
            pos = e
        return "".join(out) + html.escape(text[pos:])

    def _html(self, coder: str) -> str:
        sheet = self.sheets[coder]
        frames = self.meta["frames"]
        parts = [
            "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            f"<title>Coding sheet {html.escape(coder)}</title>",
            "<style>body{max-width:46em;margin:auto;font:16px/1.5 Georgia,serif}"
            "section{border-top:2px solid #444;margin-top:2em}"
            ".meta{color:#555;font:13px sans-serif}mark{background:#fe9}</style>",
            "</head><body>", f"<h1>Coding sheet {html.escape(coder)}</h1>",
            f"<p>{len(sheet)} stories. Read each whole; in <code>sheet_{html.escape(coder)}"
            f".csv</code> write 1 or 0 for each frame ({html.escape(', '.join(frames))}) "
            "by the codebook, and a comment quoting the deciding sentence.</p>",
        ]
        for row in sheet.itertuples(index=False):
            r = row._asdict()
            text = (r.get("headline") or "") + "\n\n" + (r.get("body") or "")
            marked = self._marked(r["sheet_id"], text).split("\n\n")
            meta = " | ".join(html.escape(str(r[c])) for c in ("outlet", "published")
                              if c in r and not pd.isna(r[c]))
            parts += [f'<section id="s{r["sheet_id"]}"><p class="meta">sheet_id '
                      f'{r["sheet_id"]} | story_id {html.escape(str(r["story_id"]))}'
                      + (f" | {meta}" if meta else "") + "</p>",
                      f"<h2>{marked[0]}</h2>"]
            if isinstance(r.get("subtitle"), str) and r["subtitle"].strip():
                parts.append(f"<h3>{html.escape(r['subtitle'])}</h3>")
            if "stratum" in r:
                parts.append(f'<p class="meta">stratum {html.escape(str(r["stratum"]))}; '
                             f'hits: {html.escape(str(r.get("hits") or "none"))}</p>')
            parts += [f"<p>{p.replace(chr(10), '<br>')}</p>" for p in marked[1:] if p.strip()]
            parts.append("</section>")
        return "\n".join([*parts, "</body></html>"]) + "\n"

    def _text(self, coder: str) -> str:
        lines = []
        for row in self.sheets[coder].itertuples(index=False):
            r = row._asdict()
            meta = " | ".join(str(r[c]) for c in ("outlet", "published")
                              if c in r and not pd.isna(r[c]))
            lines.append(f"=== sheet_id {r['sheet_id']} | story_id {r['story_id']}"
                         + (f" | {meta}" if meta else ""))
            lines.append(f"HEADLINE: {r.get('headline') or ''}")
            if isinstance(r.get("subtitle"), str) and r["subtitle"].strip():
                lines.append(f"SUBTITLE: {r['subtitle']}")
            if "stratum" in r:
                lines.append(f"STRATUM: {r['stratum']}; HITS: {r.get('hits') or 'none'}")
            lines += ["", r.get("body") or "", ""]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        strata = ", ".join(f"{k} {v['sampled']} of {v['size']}"
                           for k, v in self.meta.get("strata", {}).items())
        return (f"CodingSheet({len(self.design)} stories: {strata}; coders "
                f"{', '.join(self.sheets)})")


@_doc
def coding_sheet(
    stories: pd.DataFrame,
    lexicon: str | Path | Lexicon | Sequence,
    *,
    cues: Mapping[str, Sequence[str]] | str | Path | Lexicon | Sequence | bool | None = None,
    sizes: Mapping[str, int | None] = SIZES,
    coders: Sequence[str] = ("A",),
    overlap: int | None = None,
    blind: bool = True,
    exclude: Iterable | pd.DataFrame | str | Path | None = None,
    seed: int = 0,
    path: str | Path | None = None,
    formats: Sequence[str] = ("csv", "html"),
) -> CodingSheet:
    """Draw a stratified random sample of whole stories for coders, with its design.

    Parameters
    ----------
    {stories}
        Read: ``story_id`` (unique), ``headline``, ``body``; ``outlet``,
        ``published``, ``subtitle`` and ``family_id`` when present.
    {lexicon}
        The measure whose hits define the ``hit`` stratum; its frames are
        the columns coders fill.
    cues : mapping, lexicon, False or None, optional
        The patterns that define the ``cue`` stratum, per frame: a mapping
        ``{frame: [pattern, ...]}`` in the lexicon syntax, or a lexicon
        (name, YAML file, :class:`Lexicon`) whose frames are named like the
        frames they cue. None uses the shipped cues (:func:`load_cues`) of
        the frames that have them; False draws no ``cue`` stratum.
    sizes : mapping, default {"hit": 100, "cue": 200, "none": 100}
        Stories drawn from each of ``hit``, ``cue`` and ``none``; None
        takes the whole stratum, and a stratum smaller than its size is
        taken whole.
    coders : sequence of str, default ("A",)
        The coders' names (letters, digits, ``_``, ``-``); one sheet each.
    overlap : int, optional
        Stories every coder codes (drawn at random), for agreement; the
        rest are split evenly between the coders. None: every coder codes
        every story.
    blind : bool, default True
        Leave out of the coders' sheets the stratum and the hits (and
        highlight nothing in the HTML), so that the measure cannot sway
        the codes. False adds ``stratum`` and ``hits`` to the sheets and
        marks the hits.
    exclude : ids, table, path or list of paths, optional
        Stories to leave out of the population before drawing: story ids, a
        table with ``story_id`` (such as coded files read back), or CSV
        files with a ``story_id`` column (a design or a coded sheet).
    {seed}
    path : str or Path, optional
        Also write the sheet to this folder (:meth:`CodingSheet.write`).
    formats : sequence of str, default ("csv", "html")
        With ``path``: the files to write ("csv", "html", "txt").

    Returns
    -------
    CodingSheet
        ``design``, ``sheets`` (one per coder) and ``meta``.

    Raises
    ------
    ValueError
        For duplicate story ids, unknown strata in ``sizes``, bad coder
        names, cues for frames the lexicon lacks, an ``overlap`` larger
        than the sample, or an ``exclude`` file without ``story_id``.

    Notes
    -----
    Every story of the population (``stories`` less ``exclude``) falls in
    one stratum: ``hit`` when the lexicon has a hit in it (any frame),
    else ``cue`` when a cue of any frame occurs, else ``none``. Within
    stratum :math:`h` of :math:`N_h` stories, :math:`n_h` are drawn by
    simple random sampling without replacement, and each stands for
    :math:`w_h = N_h / n_h` stories of the population (the Horvitz-Thompson
    weight), which :func:`evaluate` and :func:`corrected_shares` use. The
    draw depends only on the seed and the set of story ids (the
    population is sorted by ``story_id`` first), not on row order. Sheet
    ids are assigned in random order, so the strata are mixed on every
    sheet. Stories shown to coders say nothing of their stratum unless
    ``blind=False``.

    A stratum left out (size 0) cannot be estimated from the codes: a
    warning says so, because recall needs stories without hits.

    References
    ----------
    Horvitz, D. G. & Thompson, D. J. (1952). A generalization of sampling
    without replacement from a finite universe. JASA 47(260), 663-685.
    Cochran, W. G. (1977). Sampling Techniques (3rd ed.), ch. 5. Wiley.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": list("abcdef"), "outlet": "X", "headline": "",
    ...                   "body": ["A spy.", "Spies.", "Intelligence chiefs met.",
    ...                            "CIA budget.", "Rain.", "Sun."]})
    >>> sheet = coding_sheet(t, "espionage", sizes={"hit": None, "cue": 1, "none": 1})
    >>> sheet.design[["stratum", "stratum_size", "weight"]].drop_duplicates().sort_values(
    ...     "stratum").values.tolist()
    [['cue', 2, 2.0], ['hit', 2, 1.0], ['none', 2, 2.0]]
    >>> list(sheet.sheets["A"].columns)
    ['sheet_id', 'coder', 'story_id', 'outlet', 'headline', 'body', 'espionage', 'comment']
    """
    check.stories(_FUNC, stories, _READS, unique=True)
    lex = _as_lexicon(lexicon, _FUNC)
    frames = lex.frame_names
    cue_lex = _cue_lexicon(cues, frames)
    sizes = _sizes(sizes)
    coders = _coders(coders)
    overlap = check.integer(_FUNC, "overlap", overlap, low=0, none=True)
    blind = check.flag(_FUNC, "blind", blind)
    seed = check.seed(_FUNC, seed)
    excluded = _excluded_ids(exclude)

    sid = stories["story_id"].astype(str)
    pop = stories[~sid.isin(excluded)].assign(_sid=sid).sort_values("_sid", kind="stable")
    pop = pop.drop(columns="_sid").reset_index(drop=True)
    scores = score(pop, lex)
    hit_counts = (scores.pivot(index="story_id", columns="frame", values="hits")
                  .reindex(index=pop["story_id"], columns=frames).fillna(0).astype("int64"))
    if cue_lex is not None:
        cue_scores = score(pop, cue_lex)
        cue = (cue_scores.pivot(index="story_id", columns="frame", values="present")
               .reindex(index=pop["story_id"], columns=frames, fill_value=False).astype(bool))
    else:
        cue = pd.DataFrame(False, index=pop["story_id"], columns=frames)
    has_hit = (hit_counts > 0).any(axis=1).to_numpy()
    stratum = np.where(has_hit, "hit", np.where(cue.any(axis=1).to_numpy(), "cue", "none"))

    rng = np.random.default_rng(seed)
    taken, meta_strata = [], {}
    for h in STRATA:
        members = np.flatnonzero(stratum == h)
        n_h = len(members) if sizes[h] is None else min(sizes[h], len(members))
        pick = np.sort(rng.choice(members, size=n_h, replace=False)) if n_h else members[:0]
        taken.append(pick)
        meta_strata[h] = {"size": int(len(members)), "sampled": int(n_h)}
        if len(members) and not n_h:
            why = "precision needs the hits" if h == "hit" else "recall needs stories " \
                "without hits"
            warnings.warn(f"{_FUNC}: stratum {h!r} has {len(members)} stories and none is "
                          f"drawn, so estimates from these codes leave it out ({why}). Fix: "
                          "give it a size in `sizes`", UserWarning, stacklevel=2)
    rows = np.concatenate(taken)
    rows = rows[rng.permutation(len(rows))]
    n = len(rows)
    if overlap is not None and overlap > n:
        raise check.fail(_FUNC, "overlap", f"at most the stories drawn ({n})", overlap)
    assigned = _assign(n, coders, overlap, rng)

    drawn = pop.iloc[rows].reset_index(drop=True)
    st = stratum[rows]
    size = np.array([meta_strata[h]["size"] for h in st], dtype=np.int64)
    sampled = np.array([meta_strata[h]["sampled"] for h in st], dtype=np.int64)
    design = pd.DataFrame({
        "sheet_id": np.arange(1, n + 1, dtype=np.int64),
        "story_id": pd.array(drawn["story_id"].astype(str), dtype="string"),
        "outlet": pd.array(drawn["outlet"] if "outlet" in drawn else [pd.NA] * n,
                           dtype="string"),
        "family": pd.array(family_of(drawn).to_numpy(dtype=object), dtype="string"),
        "stratum": pd.array(st, dtype="string"),
        "stratum_size": size,
        "stratum_sampled": sampled,
        "weight": size / sampled,
        "coders": pd.array([";".join(a) for a in assigned], dtype="string"),
    })
    for f in frames:
        design[f"hits_{f}"] = hit_counts[f].to_numpy()[rows]
        design[f"cue_{f}"] = cue[f].to_numpy()[rows].astype("int64")

    hits = match(drawn, lex) if not blind else None
    sheets = {c: _sheet(drawn, design, frames, c, hits) for c in coders}
    meta = {
        "function": "wireframe.frames.coding_sheet",
        "wireframe": wireframe.__version__,
        "seed": seed,
        "sizes": sizes,
        "lexicon": lex.name,
        "frames": frames,
        "cues": {} if cue_lex is None else {
            f.name: [e.pattern for e in f.entries] for f in cue_lex.frames},
        "population": int(len(pop)),
        "excluded": int(sid.isin(excluded).sum()),
        "strata": meta_strata,
        "coders": coders,
        "overlap": overlap,
        "blind": blind,
        "weight": "stratum_size / stratum_sampled (Horvitz-Thompson)",
    }
    hit_spans = None
    if hits is not None:
        hit_spans = hits[["story_id", "frame", "start", "end"]].copy()
    out = CodingSheet(design, sheets, meta, hit_spans)
    if path is not None:
        out.write(path, formats=formats)
    return out


def _assign(n: int, coders: list[str], overlap: int | None, rng: np.random.Generator
            ) -> list[list[str]]:
    """The coders of each drawn story: ``overlap`` shared by all, the rest dealt in turn."""
    if overlap is None or len(coders) == 1:
        return [list(coders)] * n
    shared = set(rng.choice(n, size=overlap, replace=False).tolist())
    out, turn = [], 0
    for i in range(n):
        if i in shared:
            out.append(list(coders))
        else:
            out.append([coders[turn % len(coders)]])
            turn += 1
    return out


def _sheet(drawn: pd.DataFrame, design: pd.DataFrame, frames: list[str], coder: str,
           hits: pd.DataFrame | None) -> pd.DataFrame:
    """One coder's sheet: the stories to read and empty columns for the codes."""
    mine = design["coders"].str.split(";").map(lambda cs: coder in cs).to_numpy(dtype=bool)
    part = drawn[mine]
    sheet = pd.DataFrame({"sheet_id": design["sheet_id"][mine].to_numpy(),
                          "coder": coder, "story_id": design["story_id"][mine].to_numpy()})
    for c in ("outlet", "published", "headline", "subtitle", "body"):
        if c in part.columns:
            values = part[c]
            if c == "published":
                values = pd.to_datetime(values, utc=True).dt.strftime("%Y-%m-%d %H:%M UTC")
            sheet[c] = values.astype(object).where(values.notna(), "").to_numpy()
    if hits is not None:
        sheet["stratum"] = design["stratum"][mine].to_numpy()
        found: dict[str, list[str]] = {}
        for s, f, t in zip(hits["story_id"], hits["frame"], hits["text"], strict=True):
            found.setdefault(s, []).append(f"{f}: {t}")
        sheet["hits"] = [("; ".join(found.get(s, []))) for s in sheet["story_id"]]
    for f in frames:
        sheet[f] = ""
    sheet["comment"] = ""
    order = np.argsort(sheet["sheet_id"].to_numpy(), kind="stable")
    return sheet.iloc[order].reset_index(drop=True)

