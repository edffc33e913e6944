"""Token streams: the terms of a corpus as one array of integer codes.

A list of lists of strings costs a Python object per token, and every step
run over it a Python call per token. A :class:`TokenStream` holds the same
terms as integer codes into a vocabulary of distinct strings, so that a step
that treats every token alone runs once per distinct token
(:meth:`TokenStream.map`), phrases are learned and joined with array
operations (:mod:`wireframe.text.collocations`), and counting is a
sparse-matrix build. :func:`wireframe.text.encode` makes one from texts and a
pipeline; :meth:`TokenStream.lists` gives the lists back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

__all__ = ["TokenStream"]


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the values, in order of first appearance, and the distinct values.

    pandas hashes strings in C; for anything else it would merge values that
    a dict keeps apart (None and NaN), so a stream of other tokens is coded
    as a dict codes it.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    uniques = np.asarray(uniques, dtype=object)
    if not _strings(uniques):
        seen: dict[object, int] = {}
        codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64,
                            count=len(values))
        uniques = _objects(list(seen))
    return codes.astype(np.int64, copy=False), uniques


def _strings(values: np.ndarray) -> bool:
    """Whether every value of an object array is a str (checked in C)."""
    return not len(values) or pd.api.types.infer_dtype(values, skipna=False) == "string"


def _from_pieces(texts: Sequence[str], ascii_: Callable[[str], list[str]],
                 unicode: Callable[[str], list[str]]) -> TokenStream | None:
    """The tokens of every text, tokenizing each distinct white-space-separated piece once.

    Only for a tokenizer whose tokens of a text are those of its pieces in
    turn: no match holds white space, and none depends on what lies past
    white space (the built-in patterns, see ``tokens._piecewise``).
    ``ascii_`` and ``unicode`` find the tokens, or a newline between two
    pieces, in many pieces one a line: ``ascii_`` (Python's ``re``) for
    pieces in ASCII, ``unicode`` (``regex``, as NLTK runs it) for the others.

    A corpus repeats its pieces ("war," "the"): NewsArticles' 2.1 million are
    125,000 distinct ones. pyarrow splits the texts at white space (Python's
    29 white-space characters, as ``str.split``) and codes the pieces in C;
    the regular expression then reads the distinct pieces only, a tenth of
    the text, in two calls; the codes of the tokens come from those of the
    pieces by array indexing. None for a text pyarrow cannot hold (a lone
    surrogate), where the caller tokenizes text by text.
    """
    try:
        split = pc.utf8_split_whitespace(pa.array(texts, type=pa.large_string()))
    except (pa.ArrowException, UnicodeError):
        return None
    # Empty pieces (pyarrow keeps one before leading white space) have no tokens.
    encoded = pc.dictionary_encode(split.flatten())
    piece_codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary.to_pylist()
    plain = np.fromiter(map(str.isascii, distinct), dtype=bool, count=len(distinct))
    order = np.concatenate([np.flatnonzero(plain), np.flatnonzero(~plain)])
    lines = [distinct[i] for i in order.tolist()]
    cut = int(plain.sum())
    tokens: list[str] = []
    for find, part in ((ascii_, lines[:cut]), (unicode, lines[cut:])):
        if part:  # a newline alone would count as a piece
            tokens += find("\n".join(part) + "\n")
    found = _objects(tokens)
    # Every piece ends in one newline; the tokens before it are its own.
    newline = found == "\n"
    piece = (np.cumsum(newline) - newline)[~newline]
    codes, vocab = _factorize(found[~newline])
    lengths = np.zeros(len(distinct), dtype=np.int64)
    lengths[order] = np.bincount(piece, minlength=len(distinct))
    first = np.zeros(len(distinct), dtype=np.int64)
    first[order] = np.cumsum(lengths[order]) - lengths[order]
    # Each piece of a text stands for its distinct piece's tokens, in order.
    per_piece = lengths[piece_codes]
    out = np.zeros(len(piece_codes) + 1, dtype=np.int64)
    np.cumsum(per_piece, out=out[1:])
    shift = np.repeat(first[piece_codes] - out[:-1], per_piece)
    return TokenStream(codes[shift + np.arange(out[-1], dtype=np.int64)],
                       out[split.offsets.to_numpy()], vocab)


def _objects(values: Sequence[object]) -> np.ndarray:
    """A 1-d object array of the values (strings stay whole, tuples stay items)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@dataclass(frozen=True, eq=False)
class TokenStream:
    """The tokens of many texts, in order, as integer codes into a vocabulary.

    Made by :func:`wireframe.text.encode` (texts through a pipeline) or
    :meth:`from_lists`; :func:`wireframe.text.phrases` learns from one.

    Attributes
    ----------
    codes : ndarray of int64
        Every token of every text, texts one after another: its position in
        ``vocab``.
    offsets : ndarray of int64, length texts + 1
        Text ``i`` is ``codes[offsets[i]:offsets[i + 1]]``.
    vocab : ndarray of str (object)
        The distinct tokens; some may no longer occur after a filter.

    Examples
    --------
    >>> s = TokenStream.from_lists([["cold", "war"], [], ["war", "games"]])
    >>> s
    TokenStream(3 texts, 4 tokens, 3 distinct)
    >>> s.map(lambda t: None if t == "war" else t.upper()).lists()
    [['COLD'], [], ['GAMES']]
    """

    codes: np.ndarray
    offsets: np.ndarray
    vocab: np.ndarray

    @classmethod
    def from_lists(cls, docs: Iterable[Sequence[str]]) -> TokenStream:
        """Code lists of tokens, one list per text (read once, so a generator will do)."""
        docs = [d if isinstance(d, list) else list(d) for d in docs]
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        offsets = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = np.fromiter(itertools.chain.from_iterable(docs), dtype=object,
                           count=int(offsets[-1]))
        codes, vocab = _factorize(flat)
        return cls(codes, offsets, vocab)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __repr__(self) -> str:
        return (f"TokenStream({len(self):,} texts, {len(self.codes):,} tokens, "
                f"{len(np.unique(self.codes)):,} distinct)")

    def text_of(self) -> np.ndarray:
        """The text each token belongs to (0 to texts - 1), one value per token."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.offsets))

    def lists(self) -> list[list[str]]:
        """The tokens of every text as a list of strings, as a pipeline returns them."""
        tokens = self.vocab[self.codes].tolist()
        bounds = self.offsets.tolist()
        return [tokens[bounds[i]:bounds[i + 1]] for i in range(len(self))]

    def keep(self, mask: np.ndarray, codes: np.ndarray | None = None,
             vocab: np.ndarray | None = None) -> TokenStream:
        """The stream with the tokens where ``mask`` is True (``codes`` and ``vocab`` replaced)."""
        kept = np.zeros(len(mask) + 1, dtype=np.int64)
        np.cumsum(mask, out=kept[1:])
        codes = self.codes if codes is None else codes
        return TokenStream(codes[mask], kept[self.offsets],
                           self.vocab if vocab is None else vocab)

    def subset(self, rows: Sequence[bool] | np.ndarray) -> TokenStream:
        """The stream of the texts where ``rows`` is True, in order."""
        rows = np.flatnonzero(np.asarray(rows, dtype=bool))
        lengths = np.diff(self.offsets)[rows]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        # Position of every kept token: its text's start, plus its place in the text.
        shift = np.repeat(self.offsets[rows] - offsets[:-1], lengths)
        positions = shift + np.arange(offsets[-1], dtype=np.int64)
        return TokenStream(self.codes[positions], offsets, self.vocab)

    def map(self, each: Callable[[str], str | None]) -> TokenStream:
        """Run ``each`` once per distinct token: the token it returns, or dropped for None.

        The same as running it on every token in turn (a :class:`~wireframe.text.Step`'s
        ``each``); tokens that become equal become one entry of the vocabulary.
        """
        mapped = [each(t) for t in self.vocab]
        present = np.fromiter((m is not None for m in mapped), dtype=bool, count=len(mapped))
        sub, vocab = _factorize(_objects([m for m in mapped if m is not None]))
        table = np.full(len(self.vocab), -1, dtype=np.int64)
        table[present] = sub
        codes = table[self.codes]
        if present.all():
            return TokenStream(codes, self.offsets, vocab)
        return self.keep(codes >= 0, codes, vocab)

    def counts(self) -> tuple[sparse.csr_array, np.ndarray]:
        """Term counts per text: a texts x terms matrix, terms in order of first appearance.

        Returns
        -------
        counts : scipy.sparse.csr_array of int32
            Canonical (indices sorted within each row, no duplicates).
        terms : ndarray of str (object)
            The term of each column.
        """
        columns, present = pd.factorize(self.codes)
        counts = sparse.csr_array(
            (np.ones(len(columns), dtype=np.int32), columns.astype(np.int32),
             self.offsets.astype(np.int64, copy=True)),
            shape=(len(self), len(present)),
        )
        counts.sum_duplicates()
        return counts, self.vocab[present]
