"""Tests of wireframe.syndication.minhash: word hashing, shingles, sketches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wireframe.syndication import minhash

from .conftest import OTHER, PARAS


def _hasher(seed: int = 0, shingle: int = 5) -> minhash._Hasher:
    return minhash._Hasher.make(seed, shingle)


class TestWordBytes:
    def test_case_punctuation_and_typography_separate_words(self):
        texts = pd.Series(["Don’t stop—NOW", "U.S.-led «talks»\u00a0end…", None])
        out = minhash._word_bytes(texts).to_pylist()
        assert [t.split() for t in out] == [["don", "t", "stop", "now"],
                                           ["u", "s", "led", "talks", "end"], []]

    def test_non_ascii_letters_are_word_bytes(self):
        assert minhash._word_bytes(pd.Series(["Größe, Ölpreis"])).to_pylist()[0].split() == [
            "größe", "ölpreis"]


class TestShingles:
    def test_counts_and_offsets(self):
        texts = pd.Series(["one two three four five six seven", "too short", ""])
        hashes, offsets, words = minhash._shingles(texts, shingle=5, hasher=_hasher())
        assert words.tolist() == [7, 2, 0]
        assert offsets.tolist() == [0, 3, 3, 3]
        assert hashes.dtype == np.uint64 and len(set(hashes.tolist())) == 3

    def test_same_words_same_hashes_across_calls(self):
        a, _, _ = minhash._shingles(pd.Series(["a b c d e f"]), shingle=5, hasher=_hasher())
        b, _, _ = minhash._shingles(pd.Series(["x y", "A, b c d e f!"]), shingle=5,
                                    hasher=_hasher())
        np.testing.assert_array_equal(a, b)


class TestSketches:
    def test_identical_texts_and_empty_ones(self):
        body = pd.Series(["\n\n".join(PARAS), "\n\n".join(PARAS), "short", OTHER])
        sk, size, words = minhash._sketches(body, _hasher(), shingle=5, num_perm=128)
        assert sk.shape == (4, 128) and sk.dtype == np.uint32
        np.testing.assert_array_equal(sk[0], sk[1])
        assert (sk[2] == minhash._EMPTY).all() and size[2] == 0 and words[2] == 1
        assert size[0] == words[0] - 4

    def test_agreement_estimates_jaccard(self):
        # The first paragraph against all four: a Jaccard similarity near 1/4.
        body = pd.Series([PARAS[0], "\n\n".join(PARAS)])
        sk, _, _ = minhash._sketches(body, _hasher(), shingle=2, num_perm=256)
        shingles = [set(zip(w, w[1:], strict=False)) for w in
                    (t.lower().replace(".", "").split() for t in body)]
        truth = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
        assert abs((sk[0] == sk[1]).mean() - truth) < 4 * np.sqrt(truth * (1 - truth) / 256)

    def test_seeded(self):
        body = pd.Series(["\n\n".join(PARAS)])
        one = minhash._sketches(body, _hasher(1), shingle=5, num_perm=64)[0]
        np.testing.assert_array_equal(one, minhash._sketches(body, _hasher(1), shingle=5,
                                                             num_perm=64)[0])
        assert (one != minhash._sketches(body, _hasher(2), shingle=5, num_perm=64)[0]).any()

    def test_batches_cover_every_text_once(self):
        lengths = np.full(10, minhash._BATCH_BYTES // 3)
        cuts = minhash._batches(lengths)
        assert cuts[0][0] == 0 and cuts[-1][1] == 10 and len(cuts) > 1
        assert all(a[1] == b[0] for a, b in zip(cuts[:-1], cuts[1:], strict=True))
