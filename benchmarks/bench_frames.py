"""Frame matching throughput: every shipped lexicon over all of NewsArticles.

Target (issue 19): ``frames.score`` (furniture stripped, matching with every
rule, word counts and the per-story table) within 2x the grep floor, on one
core. Two baselines run in the same process, on the same text (headline,
blank line, body of every story):

floor
    ``LC_ALL=C grep -o -F -i -w -f TERMS | wc -l``: every literal term of the
    lexicons (word and phrase entries; globs and proximity patterns have no
    fixed-string form), no tokens, no exclusions, no overlaps, no table.
regex
    One Python regex, ``\\b(?:term|term|...)\\b`` with IGNORECASE, over the
    same literal terms: what a straightforward implementation would do.

A third row is the reference scan that the fast path is tested against
(``tests/frames/test_anchors.py``): one story at a time, its anchors found by
one regex, the words by another; the same hits.

The process is pinned to one core (its children too). Times are medians over
repeats; the machine may be shared, so read the ratios, measured in the same
run, rather than the absolute times.

    .venv/bin/python benchmarks/bench_frames.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from wireframe import datasets, frames


def _median_time(func, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _reference(stories, lexicon) -> int:
    """Hits of the reference scan: furniture stripped, one story at a time."""
    matcher = frames.lexicon._as_lexicon(lexicon, "bench")._matcher
    when = frames.matching._when(stories)
    n = 0
    for text, at in zip(frames.story_text(stories), when, strict=True):
        seen = frames.strip_furniture(text)
        len(re.findall(r"[^\W_]+", seen))  # the words, as the reference counted them
        n += len(matcher.scan(seen, at))
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"

    stories, _ = datasets.load("newsarticles")
    lexicon = [frames.load_lexicon(name) for name in frames.lexicons()]
    entries = [e for lex in lexicon for e in lex.entries]
    terms = sorted({e.pattern.lower() for e in entries if e.kind in ("word", "phrase")})
    texts = frames.story_text(stories).tolist()
    words = sum(len(re.findall(r"[^\W_]+", t)) for t in texts)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "newsarticles.txt"
        corpus.write_text("\n\n".join(texts), encoding="utf-8")
        term_file = Path(tmp) / "terms.txt"
        term_file.write_text("\n".join(terms) + "\n", encoding="utf-8")
        grep = f"grep -o -F -i -w -f {term_file} {corpus} | wc -l"
        env = {**os.environ, "LC_ALL": "C"}
        t_grep, grep_out = _median_time(
            lambda: subprocess.run(grep, shell=True, env=env, capture_output=True, text=True,
                                   check=True).stdout.strip(), args.repeats)

    flat = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)
    t_regex, regex_hits = _median_time(
        lambda: sum(1 for t in texts for _ in flat.finditer(t)), max(1, args.repeats // 2))

    frames.score(stories.head(50), lexicon)  # compile the lexicons outside the timing
    t_score, scores = _median_time(lambda: frames.score(stories, lexicon), args.repeats)
    t_match, hits = _median_time(lambda: frames.match(stories, lexicon), args.repeats)
    t_ref, ref_hits = _median_time(lambda: _reference(stories, lexicon),
                                   max(1, args.repeats // 2))

    print(f"NewsArticles: {len(stories):,} stories, {words:,} words; "
          f"{len(entries)} entries in {len(lexicon)} lexicons "
          f"({sum(len(x.frames) for x in lexicon)} frames), {len(terms)} literal terms")
    print(f"cores available to this process: {cores}; repeats: {args.repeats} (median)")
    print("the machine may be shared: compare the ratios, measured in this run")
    print()
    print(f"{'what':<42} {'seconds':>8} {'x floor':>8} {'x regex':>8} {'hits':>8}")
    rows = [
        ("grep -o -F -i -w (floor; literal terms)", t_grep, int(grep_out)),
        ("Python regex alternation (literal terms)", t_regex, regex_hits),
        ("reference scan (story by story)", t_ref, ref_hits),
        ("frames.match (all entries)", t_match, len(hits)),
        ("frames.score (match + words + table)", t_score, int(scores["hits"].sum())),
    ]
    for what, secs, n in rows:
        print(f"{what:<42} {secs:>8.3f} {secs / t_grep:>8.1f} {secs / t_regex:>8.2f} {n:>8,}")
    print()
    verdict = "meets" if t_score <= 2.0 * t_grep else "MISSES"
    print(f"frames.score: {words / t_score / 1e6:.2f} million words/s, {t_score / t_grep:.1f}x "
          f"the floor, {t_ref / t_match:.1f}x faster than the reference scan; {verdict} the "
          "2x target")


if __name__ == "__main__":
    main()
