"""How right `read_pages` reads real pages from sites it has no profile for.

Reads every page of ``corpus/samples/pages/real/`` with
:func:`wireframe.io.pages.read_pages` and compares five fields with the
hand-made truth in ``truth.yaml``; prints a table per page and a summary per
split (``dev``: the pages the reader was built on; ``holdout``: pages kept
back, but read after the first scoring, so no longer unseen; ``fresh``: pages
of sites in neither, collected with their truth before the reader was run on
them) and field, and over all splits.

What counts as right
--------------------
outlet
    The outlet read equals the truth's, ignoring case and runs of spaces.
wire
    Equal, and None equals None. Pages whose text credits no agency (truth
    ``credit_lines`` empty, and the outlet is not the agency itself) cannot be
    attributed from their text; they are left out of the wire score and
    reported on their own, twice: from the text alone, and after
    :func:`wireframe.syndication.families` over the whole set (right when
    the page's family holds a member that credits the truth's agency, as a
    researcher would read it off the family's original).
published
    Read without ``fallback_date``. A truth with a time: the loaded
    ``published`` equals it to the minute, in UTC; a date-only truth: the
    UTC date is equal. A page whose truth has no absolute date must be
    rejected, with a reason on the ``published`` field; with
    ``fallback_date`` given it must load with a note on ``published``. Both
    are checked; either failing is wrong.
headline
    Equal after white space is normalised; a truth of None wants "".
body
    Every truth paragraph is a paragraph of the body (white space
    normalised), in the truth's order; and no chrome line is present: none
    equals a body paragraph, and none of five words or more is inside a body
    paragraph that is not a truth paragraph (a standfirst that repeats the
    start of the first paragraph is not chrome kept).

Other fields come from a second read with ``fallback_date`` so that pages
without a date are scored too. The share of fields right is printed per
split: all fields (wire over the credited pages), and the uncredited pages'
wire separately, both ways.

Run: ``python benchmarks/bench_pages.py [--split dev|holdout|fresh|all] [--detail]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from wireframe import syndication
from wireframe.io.pages import read_pages

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpus" / "samples" / "pages" / "real"
FIELDS = ("outlet", "wire", "published", "headline", "body")
FALLBACK = "2000-01-01"


def norm(text: object) -> str:
    return " ".join(str(text or "").split())


def uncredited(entry: dict) -> bool:
    """Whether the page's text credits no agency (so its wire is not in the text)."""
    return bool(entry["wire"]) and not entry.get("credit_lines") and (
        norm(entry["wire"]).casefold() != norm(entry["outlet"]).casefold()
    )


def judge_body(body: str, entry: dict) -> tuple[bool, str]:
    paras = [norm(p) for p in str(body).split("\n\n") if p.strip()]
    pos = 0
    for want in map(norm, entry["paragraphs"]):
        try:
            pos = paras.index(want, pos) + 1
        except ValueError:
            where = "missing" if want not in paras else "out of order"
            return False, f"{where}: {want[:60]!r}"
    wanted = set(map(norm, entry["paragraphs"]))
    for chrome in map(norm, entry.get("chrome") or []):
        if not chrome:
            continue
        # Glued into a paragraph that is not the story's own (a standfirst may
        # repeat the start of a story paragraph: that is no chrome kept).
        glued = len(chrome.split()) >= 5 and any(chrome in p for p in paras if p not in wanted)
        if chrome in paras or glued:
            return False, f"chrome kept: {chrome[:60]!r}"
    return True, ""


def judge_published(got: pd.Timestamp | None, plain: dict, with_fallback: dict,
                    entry: dict) -> tuple[bool, str]:
    want = entry.get("published_utc")
    rejected = plain["rejected"]
    if want is None:
        if rejected is None or plain["rejected_field"] != "published":
            return False, f"want rejected (no absolute date), got {got}"
        if with_fallback["row"] is None:
            return False, f"not loaded with fallback_date: {with_fallback['rejected']}"
        if "published" not in with_fallback["note_fields"]:
            return False, "loaded with fallback_date but no note on published"
        return True, ""
    if got is None or pd.isna(got):
        return False, f"want {want}, got rejected: {rejected}"
    want_s = str(want)
    if len(want_s) == 10:
        ok = got.strftime("%Y-%m-%d") == want_s
    else:
        ok = got.floor("min") == pd.Timestamp(want_s).tz_convert("UTC").floor("min")
    return ok, "" if ok else f"want {want_s}, got {got.isoformat()}"


def read_all(files: list[Path], **kwargs) -> dict[str, dict]:
    """Each file read alone (one file's rejection never hides another's)."""
    out = {}
    for path in files:
        stories, report = read_pages(path, **kwargs)
        row = stories.iloc[0].to_dict() if len(stories) else None
        rejected = [i for i in report.rejected if i.location == str(path)]
        out[path.name] = {
            "row": row,
            "rejected": rejected[0].reason if rejected else None,
            "rejected_field": rejected[0].field if rejected else None,
            "note_fields": {n.field for n in report.notes if n.location == str(path)},
            "stories": stories,
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "holdout", "fresh", "all"), default="all")
    parser.add_argument("--detail", action="store_true", help="print got vs want in full")
    args = parser.parse_args()
    truth = yaml.safe_load((REAL / "truth.yaml").read_text(encoding="utf-8"))
    entries = [e for e in truth if args.split in ("all", e["split"])]
    files = [REAL / e["file"] for e in entries]
    t0 = time.perf_counter()
    plain = read_all(files)
    fallback = read_all(files, fallback_date=FALLBACK)
    seconds = time.perf_counter() - t0

    # Families over the whole set (every page loaded with the fallback date), whatever
    # the split printed.
    everything = [REAL / e["file"] for e in truth]
    rest = read_all([f for f in everything if f.name not in fallback], fallback_date=FALLBACK)
    table = pd.concat([{**fallback, **rest}[f.name]["stories"] for f in everything],
                      ignore_index=True)
    fam = syndication.families(table)
    fam["file"] = [Path(s).name for s in fam["source"]]
    family_wires: dict[str, set[str]] = {}
    for fid, group in fam.groupby("family_id"):
        family_wires[str(fid)] = {str(w) for w in group["wire"].dropna()}
    family_of = dict(zip(fam["file"], fam["family_id"].astype(str), strict=True))

    results = []
    for e in entries:
        name = e["file"]
        row = fallback[name]["row"] or {}
        res = {"file": name, "split": e["split"], "uncredited": uncredited(e)}
        got_outlet = norm(row.get("outlet"))
        res["outlet"] = (got_outlet.casefold() == norm(e["outlet"]).casefold(),
                         f"want {e['outlet']!r}, got {got_outlet!r}")
        got_wire = row.get("wire")
        got_wire = None if got_wire is None or pd.isna(got_wire) else str(got_wire)
        res["wire"] = (got_wire == e["wire"], f"want {e['wire']!r}, got {got_wire!r}")
        fam_ok = e["wire"] in family_wires.get(family_of.get(name, ""), set())
        res["wire_family"] = (fam_ok or got_wire == e["wire"], "")
        p_row = plain[name]["row"]
        got_pub = pd.Timestamp(p_row["published"]) if p_row else None
        res["published"] = judge_published(got_pub, plain[name], fallback[name], e)
        got_head = norm(row.get("headline"))
        want_head = norm(e.get("headline"))
        res["headline"] = (got_head == want_head, f"want {want_head!r}, got {got_head!r}")
        res["body"] = judge_body(row.get("body", ""), e) if row else (False, "not loaded")
        results.append(res)

    for r in results:
        marks = []
        for f in FIELDS:
            ok, why = r[f]
            marks.append("right" if ok else "WRONG")
        print(f"{r['file'][:58]:58} {r['split']:7} " + " ".join(f"{m:6}" for m in marks)
              + ("  (wire uncredited)" if r["uncredited"] else ""))
        for f in FIELDS:
            ok, why = r[f]
            if not ok:
                text = why if args.detail else why[:150]
                print(f"    {f}: {text}")
    print()
    print(f"{len(files)} pages read twice in {seconds:.1f} s")
    print()
    header = f"{'split':8} {'n':>3} " + " ".join(f"{f:>10}" for f in FIELDS) + f" {'all':>14}"
    print(header)
    order = [s for s in ("dev", "holdout", "fresh") if any(r["split"] == s for r in results)]
    groups = [(s, [r for r in results if r["split"] == s]) for s in order]
    if len(groups) > 1:
        groups.append(("overall", results))
    for split, rows in groups:
        cells, right, total = [], 0, 0
        for f in FIELDS:
            pool = [r for r in rows if not (f == "wire" and r["uncredited"])]
            k = sum(r[f][0] for r in pool)
            right, total = right + k, total + len(pool)
            cells.append(f"{k}/{len(pool)}")
        share = 100 * right / total if total else float("nan")
        print(f"{split:8} {len(rows):>3} " + " ".join(f"{c:>10}" for c in cells)
              + f" {right}/{total} {share:5.1f}%")
        unc = [r for r in rows if r["uncredited"]]
        if unc:
            text_ok = sum(r["wire"][0] for r in unc)
            fam_ok = sum(r["wire_family"][0] for r in unc)
            print(f"{'':8} uncredited wire ({len(unc)} pages): from the text {text_ok}/{len(unc)}, "
                  f"after syndication.families {fam_ok}/{len(unc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
