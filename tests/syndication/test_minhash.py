"""Tests of wireframe.syndication.minhash: word hashing, shingles, sketches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wireframe.syndication import minhash

from .conftest import OTHER, PARAS


def _hasher(seed: int = 0, shingle: int = 5) -> minhash._Hasher:
    return minhash._Hasher.make(seed, shingle)


def _words(texts: pd.Series) -> list[list[str]]:
    data, offsets = minhash._cleaned(texts)
    return [data[a:b].tobytes().decode().split() for a, b in zip(offsets[:-1], offsets[1:],
                                                                  strict=True)]


class TestWordBytes:
    def test_case_punctuation_and_typography_separate_words(self):
        texts = pd.Series(["Don’t stop—NOW", "U.S.-led «talks»\u00a0end…", None])
        out = minhash._word_bytes(texts).to_pylist()
        assert [t.split() for t in out] == [["don", "t", "stop", "now"],
                                           ["u", "s", "led", "talks", "end"], []]

    def test_non_ascii_letters_are_word_bytes(self):
        assert minhash._word_bytes(pd.Series(["Größe, Ölpreis"])).to_pylist()[0].split() == [
            "größe", "ölpreis"]


# A text-by-text reference of the hashes, in Python integers modulo 2**64: the array
# code must give these values bit for bit (the sketches of every stored family depend
# on them, and a faster implementation must keep them).
_M = (1 << 64) - 1


def _mix_ref(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _M
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _M
    return x ^ (x >> 31)


def _shingles_ref(text: str, hasher: minhash._Hasher, shingle: int) -> list[int]:
    mults, salt = [int(m) for m in hasher.mults], int(hasher.salt)
    words = []
    for word in _words(pd.Series([text]))[0]:
        total, power = 0, mults[0]
        for b in word.encode():
            total = (total + (b + 1) * power) & _M
            power = (power * mults[0]) & _M
        words.append(_mix_ref(((total + len(word.encode())) & _M) ^ salt))
    return [_mix_ref((sum(w * m for w, m in zip(words[k:k + shingle], mults, strict=True))
                      & _M) ^ salt) for k in range(len(words) - shingle + 1)]


def _sketch_ref(hashes: list[int], num_perm: int) -> list[int]:
    bits = num_perm.bit_length() - 1
    row = [0xFFFFFFFF] * num_perm
    for h in hashes:
        b, v = h >> (64 - bits), min((h >> 8) & 0xFFFFFFFF, 0xFFFFFFFE)
        row[b] = min(row[b], v)
    if all(v == 0xFFFFFFFF for v in row):
        return row
    out = []
    for j, v in enumerate(row):
        d = 0
        while row[(j + d) % num_perm] == 0xFFFFFFFF:
            d += 1
        out.append(v if d == 0 else (row[(j + d) % num_perm] + d * 0x9E3779B1) & 0xFFFFFFFF)
    return out


class TestAgainstReference:
    TEXTS = ["Größe, Ölpreis «x» y z w und noch mehr Wörter", " lead and trail  ",
             "a b c d", "", "Don’t stop—NOW, the U.S.-led talks\u00a0end… again and again"]

    def test_shingle_hashes(self, newsarticles):
        texts = pd.Series(self.TEXTS + newsarticles[0]["body"].head(40).tolist())
        for seed, shingle in ((0, 5), (3, 2), (9, 8)):
            hasher = _hasher(seed, shingle)
            hashes, offsets, words = minhash._shingles(texts, shingle=shingle, hasher=hasher)
            for i, text in enumerate(texts):
                got = hashes[offsets[i]:offsets[i + 1]].tolist()
                assert got == _shingles_ref(text, hasher, shingle), (seed, i)
                assert words[i] == len(_words(pd.Series([text]))[0])

    def test_sketches(self, newsarticles):
        # Short texts leave most bins empty (densified); long ones fill them all.
        texts = pd.Series(self.TEXTS + newsarticles[0]["body"].head(40).tolist())
        hashes, offsets, _ = minhash._shingles(texts, shingle=5, hasher=_hasher())
        data, indptr = minhash._exact_sets(hashes, offsets)
        for num_perm in (16, 128):
            sk = minhash._sketch(data, indptr, num_perm)
            for i in range(len(texts)):
                ref = _sketch_ref(data[indptr[i]:indptr[i + 1]].tolist(), num_perm)
                assert sk[i].tolist() == ref, (num_perm, i)


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
