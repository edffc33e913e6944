"""Wire attribution: which news agency a story's own text credits.

A syndicated story usually says where it came from, in words a reader sees:
a dateline credit (``WASHINGTON (Reuters) -``, ``BEIJING, Feb. 12 (Xinhua)
--``, ``MOSCOW, February 7. /TASS/.``), a byline (``By Zachary Cohen, CNN``),
a trailing credit (``(Reporting by ...; Editing by ...)``, ``--IANS``), a
desk tag (``mb/rt (AFP, dpa, Reuters)``), a source line (``Source: Reuters
news agency``) or a copyright line. :func:`detect` finds these in one text;
:func:`attribute` fills the Story table's ``wire`` column from them;
:func:`strip_credits` removes them from a text.

What is *not* a credit: the agency named as a source inside the story ("told
Reuters", "according to The Associated Press", "Reuters reported"), photo
credits ("Xinhua", "AP Photo/..."), "news agencies" without a name. None of
these is matched.

Every detection carries the rule that fired, the evidence (the text that
matched) and a confidence, fixed per rule (see :data:`RULES`): 0.95 for a
dateline credit at the top of the story, down to 0.6 for "Reuters
contributed to this report", where the agency supplied only part of the text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import pandas as pd

from wireframe import _validate as check
from wireframe._docs import doc

__all__ = [
    "AGENCIES", "RULES", "Attribution", "attribute", "canonical", "credits", "detect",
    "strip_credits",
]

logger = logging.getLogger(__name__)

AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "AP": ("AP", "Associated Press", "The Associated Press", "ASSOCIATED PRESS"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "AFP-JIJI"),
    "Xinhua": ("Xinhua", "XINHUA", "Xinhua News Agency"),
    "TASS": ("TASS", "ITAR-TASS"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur", "dpa-AFX"),
    "CNN": ("CNN", "CNN Newsource", "CNN Wire", "CNN Business"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "PTI": ("PTI", "Press Trust of India"),
    "ANI": ("ANI", "Asian News International"),
    "IANS": ("IANS", "Indo-Asian News Service"),
    "UPI": ("UPI", "United Press International"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Jiji Press": ("Jiji Press", "JIJI Press", "Jiji"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "Sputnik": ("Sputnik", "Sputnik News"),
    "RIA Novosti": ("RIA Novosti",),
    "Interfax": ("Interfax",),
    "Anadolu": ("Anadolu", "Anadolu Agency"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Lusa": ("Lusa", "LUSA"),
    "KNA": ("KNA",),
    "epd": ("epd",),
    "SID": ("SID",),
    # Press-release wires: not news agencies, but a story that is a press
    # release should say so.
    "PR Newswire": ("PR Newswire", "PRNewswire"),
    "Business Wire": ("Business Wire", "BUSINESS WIRE"),
    "GlobeNewswire": ("GlobeNewswire", "GLOBE NEWSWIRE"),
}
"""Canonical agency names (the ``wire`` values) and the spellings credits use."""

_ALIAS = {alias: name for name, aliases in AGENCIES.items() for alias in aliases}
_ALIAS_FOLD = {alias.casefold(): name for alias, name in _ALIAS.items()}
_NAMES = "|".join(re.escape(a) for a in sorted(_ALIAS, key=len, reverse=True))
AGENCY = rf"(?:{_NAMES})"
# A dash as credits print it: hyphen(s), en or em dash. The NewsArticles demo
# corpus lost its em dashes in an earlier decoding and shows '"?' instead.
DASH = r"(?:-{1,2}|[\u2013\u2014]|\"\?)"


def canonical(name: str) -> str | None:
    """Return the canonical agency name for a spelling, or None.

    Examples
    --------
    >>> canonical("Press Trust of India"), canonical("The Associated Press"), canonical("BBC")
    ('PTI', 'AP', None)
    """
    name = name.strip().strip(".")
    return _ALIAS.get(name) or _ALIAS_FOLD.get(name.casefold())


@dataclass(frozen=True)
class Rule:
    """One kind of credit: a pattern, where it may stand and its confidence."""

    name: str
    pattern: re.Pattern[str]
    confidence: float
    meaning: str
    # "head": within the first 400 characters; "tail": within the last 600;
    # "any": anywhere.
    where: str = "any"
    # A pattern every match of `pattern` contains (a literal, mostly): where it is absent
    # the rule cannot match, so the costly pattern, which tries a dateline or a byline at
    # every position, is not run over the whole text. It only skips; it never decides a match.
    needs: re.Pattern[str] | None = field(default=None, repr=False)


def _rule(name: str, pattern: str, confidence: float, meaning: str, where: str = "any",
          needs: str | None = None) -> Rule:
    return Rule(name, re.compile(pattern, re.MULTILINE), confidence, meaning, where,
                None if needs is None else re.compile(needs, re.MULTILINE))


_LIST = rf"{AGENCY}(?:\s*(?:,|/|;|\band\b)\s*{AGENCY})*"
# A dateline place: capitalised words ("WASHINGTON", "KUALA LUMPUR", "TEMPE,
# Ariz./SAN FRANCISCO", "Pune"), so that a sentence ending in "(ANI)" is not
# read as one.
_PLACE = r"[A-Z][A-Za-z\u00c0-\u017f.'\-]*(?:(?:,?[ \t]+|/|,)[A-Z][A-Za-z\u00c0-\u017f.'\-]*){0,5}"
_DATE = r"(?:,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?))"

RULES: tuple[Rule, ...] = (
    _rule(
        "dateline",
        rf"^\s*(?:{_PLACE}{_DATE}?\s*)?\((?P<agency>{AGENCY})\)\s*(?:{DASH}|:)?",
        0.95,
        "dateline credit opening the story: 'WASHINGTON (Reuters) -', '(AP) —'",
        "start",
    ),
    _rule(
        "dateline-slash",
        rf"^\s*[A-Z][^\n]{{0,80}}?[.,]\s*/(?P<agency>{AGENCY})\s*(?:/\.?|\./|,[^/\n]{{0,60}}/)",
        0.95,
        "slash dateline opening the story: 'MOSCOW, February 7. /TASS/.', '... 2017 /PRNewswire/'",
        "start",
    ),
    _rule(
        "dateline-inline",
        rf"(?:^|(?<=[\s.\"]))(?:{_PLACE}{_DATE}?\s*)?\((?P<agency>{AGENCY})\)\s*{DASH}",
        0.9,
        "dateline credit later in the text (a byline before it, a roundup)",
        needs=rf"\((?:{AGENCY})\)",
    ),
    _rule(
        "byline-agency",
        rf"^By\s+(?P<agency>{AGENCY})(?:\s+(?:Staff|staff|Reporters?|Wire))?\.?\s*$",
        0.9,
        "byline naming the agency alone: 'By Reuters', 'By AFP'",
        needs=r"By\s",
    ),
    _rule(
        "byline",
        rf"^By\s+[A-Z][^\n,|]{{1,80}}?\s*[,|]\s*(?P<agency>{AGENCY})\b(?![\w-])",
        0.85,
        "byline with the agency: 'By Zachary Cohen, CNN', 'By JOSH BOAK, Associated Press'",
        needs=r"By\s",
    ),
    _rule(
        "reuters-credit",
        r"\(?(?:Additional\s+)?(?:Reporting|Writing)\s+by\s+[^;()\n]{2,250};\s*"
        r"(?:[A-Za-z ]+\s+by\s+[^;()\n]{2,120};\s*)*Editing\s+by\s+[^()\n]{2,120}\)?",
        0.9,
        "Reuters' trailing credit: '(Reporting by ...; Editing by ...)'",
        needs=r"Editing\s+by\s",
    ),
    _rule(
        "desk-tag",
        rf"(?<![\w/.:@])[a-z]{{1,4}}/(?:[a-z]{{1,4}}(?=[\s(-])|(?P<agency>{AGENCY})\b)?"
        r"(?:[\s-]*\((?P<list>[^()\n]{2,160})\))?",
        0.8,
        "editor initials with the agencies used: 'mb/rt (AFP, dpa, Reuters)', 'idr/Reuters'",
        "tail",
    ),
    _rule(
        "source-line",
        rf"\b(?:Source|SOURCE)\s*:\s*-?\s*(?:[A-Z][\w ]{{0,30}}\s+and\s+)?(?P<agency>{AGENCY})"
        r"(?:\s+news\s+agency)?(?=\s*$|\s*[.\n])",
        0.85,
        "source line naming an agency: 'Source: Reuters news agency'",
        "tail",
    ),
    _rule(
        "signoff",
        rf"(?:{DASH}\s*(?P<agency>IANS|PTI|ANI|AFP|AP|Reuters)|\((?P<agency2>IANS|PTI|ANI)\))\s*$",
        0.9,
        "agency sign-off ending the story: '--IANS', '(ANI)'",
        "end",
    ),
    _rule(
        "inputs",
        rf"\(\s*[Ww]ith\s+inputs?\s+from\s+(?P<list>{_LIST})\s*\)",
        0.8,
        "'(With inputs from PTI)'",
        "tail",
    ),
    _rule(
        "copyright",
        r"(?:The-CNN-Wire|©\s*\d{4}\s+Cable News Network|Copyright\s+(?:\d{4}\s+)?"
        r"(?:The\s+)?(?P<agency>Associated Press|AFP|Agence France-Presse|Reuters|Bloomberg L\.P\.)"
        r"|©\s*(?:\d{4}\s+)?(?P<agency2>Associated Press|AFP|Agence France-Presse|Reuters|"
        r"Bloomberg L\.P\.))",
        0.9,
        "agency copyright line: 'The-CNN-Wire', 'Copyright 2026 The Associated Press'",
        needs=r"The-CNN-Wire|©|Copyright",
    ),
    _rule(
        "bloomberg-contact",
        r"(?:To contact the reporters? on this story:|^\s*--\s*With assistance from\s+\w)",
        0.85,
        "Bloomberg's trailing lines: 'To contact the reporter on this story:'",
        needs=r"To contact the reporter|With assistance from",
    ),
    _rule(
        "contributed",
        rf"(?:(?P<agency>{AGENCY})\s+(?:writers?|reporters?|correspondents?)\s+[^.]{{2,160}}?"
        rf"|(?P<agency2>{AGENCY}))\s+contributed\s+to\s+this\s+(?:report|story)",
        0.6,
        "partial credit: 'Associated Press writer X contributed to this report'",
        needs=r"contributed\s+to\s+this\s+(?:report|story)",
    ),
)
"""The credit rules, tried in this order; the most confident match wins."""

_AGENCY_OF_RULE = {"reuters-credit": "Reuters", "bloomberg-contact": "Bloomberg"}
_COPYRIGHT_CNN = re.compile(r"The-CNN-Wire|Cable News Network")


@dataclass(frozen=True)
class Attribution:
    """What :func:`detect` found in one text.

    Attributes
    ----------
    wire : str or None
        Canonical agency name (see :data:`AGENCIES`), or None.
    evidence : str
        The text that matched, or "" when nothing did.
    confidence : float
        The rule's confidence, 0.0 when nothing matched.
    rule : str
        The rule that fired (see :data:`RULES`), or "".
    agencies : tuple of str
        Every agency credited, in order of first appearance (a desk tag such
        as ``(AFP, dpa, Reuters)`` credits several; ``wire`` is the first).
    spans : tuple of (int, int)
        Where every credit found stands in the text; :func:`strip_credits` removes them.
    """

    wire: str | None = None
    evidence: str = ""
    confidence: float = 0.0
    rule: str = ""
    agencies: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = field(default=(), repr=False)


def _agencies(rule: Rule, m: re.Match[str]) -> list[str]:
    if rule.name in _AGENCY_OF_RULE:
        return [_AGENCY_OF_RULE[rule.name]]
    groups = m.groupdict()
    if groups.get("list"):
        names = re.findall(rf"(?<![\w-]){AGENCY}(?![\w-])", groups["list"])
        return list(dict.fromkeys(n for n in map(canonical, names) if n))
    for key in ("agency", "agency2"):
        if groups.get(key):
            name = canonical(groups[key].replace("L.P.", "").strip())
            return [name] if name else []
    if rule.name == "copyright" and _COPYRIGHT_CNN.search(m.group(0)):
        return ["CNN"]
    return []


def _matches(text: str, prefilter: bool = True) -> list[tuple[Rule, re.Match[str], list[str]]]:
    """Every credit of every rule in a text; ``prefilter=False`` runs each rule regardless of
    its ``needs`` (the reference the tests pin the fast path to)."""
    found = []
    n = len(text)
    first_para_end = text.find("\n\n")
    for rule in RULES:
        if rule.where == "start":
            # Only the opening of the first paragraph: a dateline stands there.
            window_end = min(n, 400 if first_para_end < 0 else first_para_end)
            m = rule.pattern.match(text, 0, window_end)
            hits = [m] if m else []
        else:
            start = max(0, n - 600) if rule.where in ("tail", "end") else 0
            if prefilter and rule.needs is not None and not rule.needs.search(text, start):
                continue
            hits = list(rule.pattern.finditer(text, start))
            if rule.where == "end":
                hits = [h for h in hits if not text[h.end() :].strip()]
        for m in hits:
            names = _agencies(rule, m)
            if names:
                found.append((rule, m, names))
    return found


def detect(text: str | None) -> Attribution:
    """Find the wire credit in one story's text.

    Parameters
    ----------
    text : str or None
        The story text (``body``), paragraphs separated by blank lines.

    Returns
    -------
    Attribution
        ``wire``, ``evidence``, ``confidence``, ``rule``, ``agencies``; an
        empty Attribution (``wire`` None, confidence 0) when no credit is
        found. When several credits are found, the most confident wins, then
        the earlier rule in :data:`RULES`.

    Examples
    --------
    >>> detect("WASHINGTON (Reuters) - The U.S. spy agency ...").wire
    'Reuters'
    >>> a = detect("BEIJING, Feb. 12 (Xinhua) -- China said ...")
    >>> a.wire, a.evidence, a.confidence
    ('Xinhua', 'BEIJING, Feb. 12 (Xinhua) --', 0.95)
    >>> detect("The minister told Reuters on Tuesday ...").wire is None
    True
    """
    if text is None or (isinstance(text, float) and text != text) or not str(text).strip():
        return Attribution()
    text = str(text)
    found = _matches(text)
    if not found:
        return Attribution()
    order = {r.name: i for i, r in enumerate(RULES)}
    best_rule, best_m, best_names = max(
        found, key=lambda f: (f[0].confidence, -order[f[0].name], -f[1].start())
    )
    agencies: list[str] = list(best_names)
    for _, _m, names in sorted(found, key=lambda f: f[1].start()):
        agencies += [a for a in names if a not in agencies]
    return Attribution(
        wire=best_names[0],
        evidence=" ".join(best_m.group(0).split()),
        confidence=best_rule.confidence,
        rule=best_rule.name,
        agencies=tuple(agencies),
        spans=tuple(sorted((m.start(), m.end()) for _, m, _ in found)),
    )


def strip_credits(text: str) -> str:
    """Remove every credit :func:`detect` finds from a text.

    A dateline credit goes with its place and date (``WASHINGTON (Reuters) -
    ``), so the paragraph starts with the story's first word; a paragraph
    left empty goes; paragraph breaks stay.

    Examples
    --------
    >>> strip_credits("PARIS (Reuters) - It rained.\\n\\n(Reporting by Jo Li; Editing by Al Ng)")
    'It rained.'
    """
    spans = detect(text).spans
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        if start < pos:  # overlapping credits: the earlier already covers it
            start = pos
        out.append(text[pos:start])
        pos = max(pos, end)
    out.append(text[pos:])
    joined = "".join(out)
    paras = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", joined)]
    return "\n\n".join(p for p in paras if p)


def _empty_str(n: int) -> pd.Series:
    return pd.Series([pd.NA] * n, dtype="string")


@doc
def attribute(
    stories: pd.DataFrame,
    *,
    strip: bool = False,
    overwrite: bool = False,
    text: str = "body",
) -> pd.DataFrame:
    """Fill the ``wire`` column from the credits in each story's text.

    Parameters
    ----------
    {stories}
        Any DataFrame with the ``text`` column works.
    strip : bool, default False
        Also remove the credits from the text column (see :func:`strip_credits`).
        Off by default: credits are part of what the outlet published.
    overwrite : bool, default False
        Replace a ``wire`` the source already gave (a page header, an
        export's field). By default such a value is kept, with evidence
        "given by the source" unless the table already has evidence for it.
    text : str, default "body"
        The column holding the story text.

    Returns
    -------
    DataFrame
        A copy with ``wire`` (string, NA when no credit), ``wire_evidence``
        (string, "" when none), ``wire_confidence`` (float, 0.0 when none),
        ``wire_rule`` (string) and ``wire_agencies`` (string, agencies joined
        by "; ").

    Raises
    ------
    ValueError
        When ``stories`` is not a DataFrame (a bare string, a list of texts)
        or the ``text`` column is missing
        (:class:`~wireframe._validate.ParameterError`, also a TypeError).

    See Also
    --------
    detect : the same for one text.

    Examples
    --------
    >>> df = pd.DataFrame({"body": ["BAKU, February 7. /TASS/. Russian ...", "No credit."]})
    >>> out = attribute(df)
    >>> out["wire"].iloc[0], out["wire_rule"].iloc[0], bool(out["wire"].isna().iloc[1])
    ('TASS', 'dateline-slash', True)
    """
    func = "wire.attribute"
    if not isinstance(stories, pd.DataFrame):
        raise check.fail(func, "stories", f"a DataFrame with a {text!r} column", stories,
                         fix="for one text use wireframe.wire.detect(text)")
    if not isinstance(text, str) or text not in stories.columns:
        raise check.fail(func, "text", "a column of `stories`", text,
                         fix=f"one of {', '.join(repr(str(c)) for c in stories.columns[:12])}")
    strip = check.flag(func, "strip", strip)
    overwrite = check.flag(func, "overwrite", overwrite)
    out = stories.copy()
    found = [detect(t) for t in out[text].tolist()]
    given = (
        out["wire"].astype("string")
        if "wire" in out.columns
        else _empty_str(len(out)).set_axis(out.index)
    )
    keep = given.notna() & (not overwrite)
    old_evidence = out["wire_evidence"] if "wire_evidence" in out.columns else None
    old_conf = out["wire_confidence"] if "wire_confidence" in out.columns else None
    wire, evidence, conf, rule, agencies = [], [], [], [], []
    for i, (idx, a) in enumerate(zip(out.index, found, strict=True)):
        if keep.iloc[i]:
            wire.append(given.iloc[i])
            has_old = old_evidence is not None and pd.notna(old_evidence.loc[idx])
            evidence.append(str(old_evidence.loc[idx]) if has_old else "given by the source")
            has_conf = old_conf is not None and pd.notna(old_conf.loc[idx])
            conf.append(float(old_conf.loc[idx]) if has_conf else 1.0)
            rule.append("given")
            agencies.append("; ".join(dict.fromkeys([str(given.iloc[i]), *a.agencies])))
        else:
            wire.append(a.wire)
            evidence.append(a.evidence)
            conf.append(a.confidence)
            rule.append(a.rule)
            agencies.append("; ".join(a.agencies))
    out["wire"] = pd.Series(wire, index=out.index, dtype="string")
    out["wire_evidence"] = pd.Series(evidence, index=out.index, dtype="string")
    out["wire_confidence"] = pd.Series(conf, index=out.index, dtype="float64")
    out["wire_rule"] = pd.Series(rule, index=out.index, dtype="string")
    out["wire_agencies"] = pd.Series(agencies, index=out.index, dtype="string")
    if strip:
        stripped = [strip_credits(t) if isinstance(t, str) else t for t in out[text].tolist()]
        out[text] = pd.Series(stripped, index=out.index, dtype=out[text].dtype)
    logger.info("wire credit found in %d of %d stories", int(out["wire"].notna().sum()), len(out))
    return out


@doc
def credits(stories: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Count stories per group by the agency credited for them.

    Parameters
    ----------
    {stories}
        Its ``wire`` column must be filled (by a reader, or by
        :func:`attribute`).
    {by}

    Returns
    -------
    DataFrame
        One row per group and agency: ``by``, ``wire`` ("none" for stories
        without a credit), ``stories``, ``share`` (of the group's stories).
        Groups are sorted by their credited share, highest first; within a
        group, agencies by count, then name.

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "wire": ["AP", None, None]})
    >>> credits(df)[["outlet", "wire", "stories"]].values.tolist()
    [['A', 'AP', 1], ['A', 'none', 1], ['B', 'none', 1]]
    """
    func = "wire.credits"
    check.stories(func, stories, [by])
    check.made_by(func, stories, ["wire"], name="stories", maker="wire.attribute(stories)")
    wire = stories["wire"].astype("string").fillna("none")
    counts = (
        stories.assign(wire=wire).groupby([by, "wire"], observed=True).size()
        .rename("stories").reset_index()
    )
    totals = counts.groupby(by)["stories"].transform("sum")
    counts["share"] = counts["stories"] / totals
    credited = counts[counts["wire"] != "none"].groupby(by)["share"].sum()
    counts["_credited"] = counts[by].map(credited).fillna(0.0)
    counts["_none"] = counts["wire"] == "none"
    counts = counts.sort_values(
        ["_credited", by, "_none", "stories", "wire"], ascending=[False, True, True, False, True]
    )
    return counts.drop(columns=["_credited", "_none"]).reset_index(drop=True)
