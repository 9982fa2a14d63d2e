"""常见问法 retrieval for the smart guide (decision 0146): a need is compared with every example need
the centre keeps (`ExampleNeed`) by the cosine of their character-pair TF-IDF vectors — pairs, not
words, so a typo, a dialect word or jieba cutting differently still shares most of them — and each
entry gets the similarity of its nearest example. Pure Python over an inverted list: a few hundred
examples cost well under a millisecond per need. Built with the guide's index, so an edit of an
example starts a new generation like any other guide data."""

from __future__ import annotations

import math
from collections import Counter

from . import guide_words
from .guide_index import normalise

NO_ITEM = ""  # an example's answer when the centre does not handle it: "没有找到"


def _pairs(text: str) -> Counter:
    """Character pairs of the need read in standard words (俺娃 → 我孩子), within each stretch."""
    standard, _ = guide_words.standard(normalise(text))
    return Counter(chunk[i : i + 2] for chunk in standard.split() for i in range(len(chunk) - 1))


def bank_of(rows: list[tuple[str, str]]) -> dict:
    """{"answers": [answer per example], "texts": [...], "idf": {pair: idf}, "postings": {pair:
    [(example, weight)]}} with each example's vector of unit length."""
    counts = [_pairs(text) for text, _ in rows]
    seen = Counter(pair for c in counts for pair in c)
    total = len(rows)
    idf = {pair: math.log(1 + total / n) for pair, n in seen.items()}
    postings: dict[str, list[tuple[int, float]]] = {}
    for n, c in enumerate(counts):
        vector = {pair: (1 + math.log(tf)) * idf[pair] for pair, tf in c.items()}
        length = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        for pair, w in vector.items():
            postings.setdefault(pair, []).append((n, w / length))
    return {"answers": [a for _, a in rows], "texts": [t for t, _ in rows], "idf": idf, "postings": postings}


def nearest(bank: dict, need: str, leave_out: str | None = None, closest: dict | None = None) -> dict[str, float]:
    """{answer: the cosine of its nearest example}, NO_ITEM among them; `closest` (when given) gets
    {answer: that example's text}; `leave_out` skips the example with that text (the bench's
    leave-one-out measure of the bank)."""
    closest = {} if closest is None else closest
    if not bank or not bank["answers"]:
        return {}
    idf, postings = bank["idf"], bank["postings"]
    vector = {pair: (1 + math.log(tf)) * idf[pair] for pair, tf in _pairs(need).items() if pair in idf}
    length = math.sqrt(sum(w * w for w in vector.values()))
    if not length:
        return {}
    sims: Counter = Counter()
    for pair, w in vector.items():
        for n, v in postings[pair]:
            sims[n] += w / length * v
    best: dict[str, float] = {}
    for n, sim in sims.items():
        if leave_out is not None and bank["texts"][n] == leave_out:
            continue
        answer = bank["answers"][n]
        if sim > best.get(answer, 0.0):
            best[answer] = sim
            closest[answer] = bank["texts"][n]
    return best


def said_share(bank: dict, need: str) -> float:
    """How much of the need (by TF-IDF weight) the examples say at all, 0..1. A pair no example has
    weighs as the rarest: 家里养了条金鱼 is like 家里养了条狗要登记吗 in what the examples know, but
    金鱼 is said by none, so it is not asked as that example was (`nearest` × this, before an example
    decides alone)."""
    if not bank or not bank["answers"]:
        return 0.0
    unseen = math.log(1 + len(bank["answers"]))
    weights = [(1 + math.log(tf)) * bank["idf"].get(pair, unseen) for pair, tf in _pairs(need).items()]
    seen = [(1 + math.log(tf)) * bank["idf"][pair] for pair, tf in _pairs(need).items() if pair in bank["idf"]]
    whole = math.sqrt(sum(w * w for w in weights))
    return math.sqrt(sum(w * w for w in seen)) / whole if whole else 0.0
