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
    vectors: list[dict[str, float]] = []
    sums: dict[str, dict[str, float]] = {}  # per answer, the sum of its examples' unit vectors
    for n, c in enumerate(counts):
        vector = {pair: (1 + math.log(tf)) * idf[pair] for pair, tf in c.items()}
        length = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({pair: w / length for pair, w in vector.items()})
        profile = sums.setdefault(rows[n][1], {})
        for pair, w in vectors[-1].items():
            postings.setdefault(pair, []).append((n, w))
            profile[pair] = profile.get(pair, 0.0) + w
    by_pair: dict[str, list[tuple[str, float]]] = {}
    for answer, profile in sums.items():
        for pair, w in profile.items():
            by_pair.setdefault(pair, []).append((answer, w))
    return {
        "answers": [a for _, a in rows],
        "texts": [t for t, _ in rows],
        "idf": idf,
        "postings": postings,
        "vectors": vectors,
        "profiles": by_pair,
        "profile_sums": sums,
        "profile_norms": {a: math.sqrt(sum(w * w for w in p.values())) for a, p in sums.items()},
    }


def _query(bank: dict, need: str) -> dict[str, float]:
    """The need's unit vector over the pairs the examples know."""
    idf = bank["idf"]
    vector = {pair: (1 + math.log(tf)) * idf[pair] for pair, tf in _pairs(need).items() if pair in idf}
    length = math.sqrt(sum(w * w for w in vector.values()))
    return {pair: w / length for pair, w in vector.items()} if length else {}


def profiles(bank: dict, need: str, leave_out: str | None = None) -> dict[str, float]:
    """{answer: the cosine of the need with the sum of all that answer's examples} — its profile.
    A long story shares a few pairs with each of several examples of its item and little with any
    one of them: the nearest example misses it, the profile does not (decision 0147). `leave_out`
    takes that example out of its answer's profile (the bench's leave-one-out)."""
    if not bank or not bank.get("profiles"):
        return {}
    query = _query(bank, need)
    dots: Counter = Counter()
    for pair, w in query.items():
        for answer, v in bank["profiles"].get(pair, ()):
            dots[answer] += w * v
    norms = dict(bank["profile_norms"])
    if leave_out is not None and leave_out in bank["texts"]:
        n = bank["texts"].index(leave_out)
        answer, left = bank["answers"][n], bank["vectors"][n]
        whole = bank["profile_sums"][answer]
        dots[answer] -= sum(w * left.get(pair, 0.0) for pair, w in query.items())
        squared = norms[answer] ** 2 - 2 * sum(w * whole.get(pair, 0.0) for pair, w in left.items()) + 1.0
        norms[answer] = math.sqrt(max(squared, 0.0))
    return {a: d / norms[a] for a, d in dots.items() if norms.get(a, 0.0) > 1e-9 and d > 0}


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


def not_here(profile: dict[str, float], floor: float) -> bool:
    """Whether the need is more like the "not handled here" examples taken together (at least
    `floor`: one such example among many makes a faint profile) than like any entry's."""
    elsewhere = profile.get(NO_ITEM, 0.0)
    return elsewhere >= floor and elsewhere >= max((s for a, s in profile.items() if a != NO_ITEM), default=0.0)
