"""The 智能导办 index (portal.guide): every catalogue entry offered in a county and every life
event as a small document, the words jieba must know, the synonyms, age limits and sound-alikes;
built once per county, shared through the cache and kept per process while its token holds.
An administrator's edit of a synonym, life event, 检索关键词 or 常见问法 starts a new generation."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import uuid
from dataclasses import dataclass

import jieba
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from yichuang.catalog import bundles as placing
from yichuang.catalog.models import Bundle, SearchSynonym, SiteItem
from yichuang.catalog.models.choices import VersionStatus
from yichuang.org.models import Site

from . import guide_words
from .models import ExampleNeed, ItemKeywords

MAX_NEED_CHARS = 60
INDEX_SECONDS = 60  # item keywords change with a published version: seen within a minute
GENERATION_KEY = "portal:guide-index-generation"
NOT_TEXT = re.compile(r"[^\u4e00-\u9fffa-z0-9]+")


@dataclass
class Doc:
    kind: str
    key: str
    title: str
    fields: tuple[str, str, str]
    description: str = ""
    keywords: frozenset[str] = frozenset()  # the keyword field's words, each whole
    result: str = ""  # what the item gives (its result's name): a 证 it issues, not one it requires

    def __post_init__(self):
        self.keywords = frozenset(self.fields[1].split())


FIELD_NAMES = ("名称", "关键词", "办理条件")
jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every worker's first answer
tokenizer_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_known_words: set[str] = set()


def normalise(need: str | None) -> str:
    text = unicodedata.normalize("NFKC", need or "").lower()[:MAX_NEED_CHARS]
    return NOT_TEXT.sub(" ", text).strip()


def county_of(site: Site) -> Site:
    chain = placing.scope(site)
    return chain[-1] if chain else site


def _synonyms() -> dict[str, list[str]]:
    return {t.lower(): e.lower().split() for t, e in SearchSynonym.objects.values_list("term", "expansions")}


def _buildindex_for(county: Site) -> dict:
    sites = placing.reach(county)
    docs: dict[str, Doc] = {}
    rows = SiteItem.objects.filter(site__in=sites, is_active=True, version__status=VersionStatus.PUBLISHED)
    plain = {k.entry: " ".join(k.word_list) for k in ItemKeywords.objects.all()}
    for code, name, keywords, conditions, result in rows.values_list(
        "item__basic_code", "version__name", "version__keywords", "version__conditions", "version__result_name"
    ):
        entry = placing.entry_of(code)
        if entry not in docs:
            said = f"{keywords} {plain.get(entry, '')}".lower()
            fields = (name.lower(), said, f"{conditions} {result}".lower())
            docs[entry] = Doc("item", entry, name, fields, result=result.lower())
    for bundle in placing.available(county):
        # A life event also answers what its items answer (早餐店 → 开办小餐饮一件事), weakly.
        parts = [docs[e].fields[0] + " " + docs[e].fields[1] for e in bundle_entries(bundle) if e in docs]
        doc = Doc(
            "bundle",
            bundle.code,
            bundle.name,
            (bundle.name.lower(), bundle.keywords.lower(), f"{bundle.description} {' '.join(parts)}".lower()),
            bundle.description,
        )
        # Its items' names and whole keywords are whole words of the life event too, so a need it
        # names through an item (早餐店) names the life event (decision 0145).
        items = [docs[e] for e in bundle_entries(bundle) if e in docs]
        doc.keywords = doc.keywords.union(*(d.keywords | {d.fields[0]} for d in items))
        docs[f"bundle:{bundle.code}"] = doc
    synonyms = _synonyms()
    words = {w for d in docs.values() for w in d.fields[1].split()} | {d.fields[0] for d in docs.values()}
    words |= set(synonyms) | {e for exp in synonyms.values() for e in exp}
    doc_list = list(docs.values())
    from . import guide_examples  # it reads needs as this module does (normalise)

    examples = guide_examples.bank_of(list(ExampleNeed.objects.values_list("text", "answer")))
    vocabulary = sorted(w for w in words if len(w) >= 2)
    return {
        "docs": doc_list,
        "synonyms": synonyms,
        "words": vocabulary,
        "ages": _age_limits(doc_list),
        "examples": examples,
        "sounds": guide_words.sounds_of(
            vocabulary, lambda w: sum(w in d.fields[0] or w in d.fields[1] for d in doc_list)
        ),
    }


def _age_limits(docs: list[Doc]) -> dict[str, dict]:
    """Where the catalogue sets age limits: "年满80周岁" in 高龄津贴's conditions, "80岁" in its
    keywords. {">=80": {doc number: best field}}; a need's age is matched against these."""
    found: dict[str, dict[int, int]] = {}
    for n, doc in enumerate(docs):
        for field_no in (1, 2):
            for kind, years in guide_words.doc_limits(doc.fields[field_no]):
                found.setdefault(f"{kind}{years}", {}).setdefault(n, field_no)
    return found


def age_hits(index: dict, word: str) -> list[tuple[int, tuple[int, str]]]:
    """The documents whose tightest age limit the need's age ("83岁", "<18岁") meets."""
    ages = index.get("ages", {})  # an index cached by the version before (a minute at most)
    limits: dict[str, set[int]] = {}
    for key in ages:
        limits.setdefault(key[: -len(key.lstrip("<>="))], set()).add(int(key.lstrip("<>=")))
    limit = guide_words.age_meets(word, limits)
    if limit is None:
        return []
    kind, years = limit
    said = f"{'未满' if kind == guide_words.UPPER else '年满'}{years}周岁"
    return [(n, (field_no, said)) for n, field_no in ages[f"{kind}{years}"].items()]


def bundle_entries(bundle: Bundle) -> list[str]:
    return [placing.entry_of(code) for code in bundle.bundle_items.values_list("item__basic_code", flat=True)]


def index_for(site: Site) -> dict:
    """The county's index. This process keeps its own copy while the shared cache still holds
    the token it was taken with (unpickling the index from the shared cache on every answer
    cost ~15 ms); the token goes with an edit (a new generation), after INDEX_SECONDS, or when
    the cache's rows go (a test's rollback)."""
    county = county_of(site)
    key = f"portal:guide-index:{cache.get(GENERATION_KEY, 0)}:{county.pk}"
    token = cache.get(f"{key}:token")
    held = _local.get(county.pk)
    if held is not None and token is not None and held[:2] == (key, token):
        return held[2]
    index = cache.get(key)
    if index is None or token is None:
        index = _buildindex_for(county)
        token = uuid.uuid4().hex
        cache.set_many({key: index, f"{key}:token": token}, INDEX_SECONDS)
    _local[county.pk] = (key, token, index)
    return index


_local: dict[int, tuple[str, str, dict]] = {}  # county → (cache key, token, index)


def _index_changed(**kwargs) -> None:
    """An administrator's edit of a synonym, life event or item's 检索关键词 shows in the next answer."""
    cache.set(GENERATION_KEY, cache.get(GENERATION_KEY, 0) + 1, None)


for _model in (SearchSynonym, Bundle, ItemKeywords, ExampleNeed):
    post_save.connect(_index_changed, sender=_model, dispatch_uid=f"portal-guide-{_model.__name__}-saved")
    post_delete.connect(_index_changed, sender=_model, dispatch_uid=f"portal-guide-{_model.__name__}-deleted")


def tokenizer_with(words: list[str]) -> jieba.Tokenizer:
    """One jieba tokenizer for the process, with the catalogue's phrases known as words; its
    dictionary loads once (about a second). Call with tokenizer_lock held."""
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = jieba.Tokenizer()
        _tokenizer.initialize()
    for word in words:
        if word not in _known_words and " " not in word:
            _tokenizer.add_word(word, freq=200000)
            _known_words.add(word)
    return _tokenizer
