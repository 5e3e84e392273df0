"""Recall and precision of tokenising approaches on a hand-written corpus and query set (`corpus.json`).

    python -m gongkai.core.search.evaluation          # prints the table quoted in docs/search.md

Each approach indexes the 70 documents (title + 文号, body) and answers the 60 queries with the same boolean
semantics as the database backends (every term must match; a phrase is adjacent tokens in one field), then
ranks the matches with BM25 (title weighted 10×, as in the backends). Measures, averaged over queries:

* recall — relevant documents found / relevant documents;
* precision — relevant documents found / documents found (0 when nothing is found);
* P@10 — relevant documents among the first min(10, found) / min(10, found) (0 when nothing is found).

The `chosen` approach is exactly the one the index uses (`gongkai.core.search.text` + `query`), so its
matching here is also the reference the database tests compare both backends against.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.search.identifiers import normalise_doc_number
from gongkai.core.search.query import Group, groups_of, parse_query
from gongkai.core.search.text import TOKEN_RUN, fold, tokenize

CORPUS_PATH = Path(__file__).with_name("corpus.json")
TITLE_WEIGHT = 10.0


def load_corpus() -> tuple[list[dict], list[dict]]:
    data = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
    return data["documents"], data["queries"]


Variants = list[list[Group]]  # OR of (AND of groups)


@dataclass(frozen=True)
class Approach:
    name: str
    index: Callable[[str], list[str]]  # text -> tokens
    parse: Callable[[str], list[Variants]]  # query -> terms (all must match)
    exact: bool = False  # 文号 lookups first


def _chosen_parse(q: str) -> list[Variants]:
    return [[list(v) for v in t.variants] for t in parse_query(q).terms]


def _no_lexicon_parse(q: str) -> list[Variants]:
    return [[list(groups_of(piece))] for piece in fold(q).replace("“", " ").replace("”", " ").split()
            if groups_of(piece)]


def _plain_tokens(text: str) -> list[str]:
    return tokenize(text.lower(), folded=True)


def _plain_parse(q: str) -> list[Variants]:
    return [[list(groups_of(piece))] for piece in q.lower().replace("“", " ").replace("”", " ").split()
            if groups_of(piece)]


def _jieba():
    import jieba  # dev dependency: the comparison only, the index does not use it

    jieba.setLogLevel(60)
    return jieba


def _jieba_tokens(text: str) -> list[str]:
    return [w for w in _jieba().lcut_for_search(fold(text)) if TOKEN_RUN.fullmatch(w)]


def _jieba_parse(q: str) -> list[Variants]:
    terms = []
    for piece in fold(q).replace("“", " ").replace("”", " ").split():
        words = [w for w in _jieba().lcut(piece) if TOKEN_RUN.fullmatch(w)]
        if words:
            terms.append([[Group("word", (w,)) for w in words]])
    return terms


def _jieba_lexicon_parse(q: str) -> list[Variants]:
    from gongkai.core.search.lexicon import expand

    terms = []
    for piece in fold(q).replace("“", " ").replace("”", " ").split():
        variants = []
        for variant in expand(piece):
            words = [w for w in _jieba().lcut(variant) if TOKEN_RUN.fullmatch(w)]
            if words:
                variants.append([Group("word", (w,)) for w in words])
        if variants:
            terms.append(variants)
    return terms


APPROACHES = {
    "chosen": Approach("bigrams + folding + abbreviation lexicon + 文号 lookup", tokenize, _chosen_parse, True),
    "bigrams": Approach("bigrams + folding (no lexicon)", tokenize, _no_lexicon_parse),
    "plain_bigrams": Approach("plain bigrams (no folding, no lexicon)", _plain_tokens, _plain_parse),
    "jieba": Approach("jieba words (search mode) + folding", _jieba_tokens, _jieba_parse),
    "jieba_lexicon": Approach("jieba words + folding + abbreviation lexicon", _jieba_tokens, _jieba_lexicon_parse),
}


def _count(group: Group, tokens: list[str]) -> int:
    if group.kind == "word":
        return tokens.count(group.tokens[0])
    if group.kind == "prefix":
        return sum(1 for t in tokens if t.startswith(group.tokens[0]))
    if group.kind == "all":  # every token somewhere, not necessarily adjacent
        return min(tokens.count(t) for t in group.tokens)
    n = len(group.tokens)
    return sum(1 for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == group.tokens)


class Index:
    """An in-memory index of (title tokens, body tokens) per document, with boolean matching and BM25."""

    def __init__(self, approach: Approach, documents: list[dict]):
        self.approach = approach
        self.fields = {d["id"]: (approach.index(f"{d['title']}\n{d.get('doc_number', '')}"),
                                 approach.index(d["body"])) for d in documents}
        self.doc_numbers = {d["id"]: normalise_doc_number(d.get("doc_number") or "") for d in documents}
        n = len(self.fields)
        self.avg = [max(1.0, sum(len(f[i]) for f in self.fields.values()) / n) for i in (0, 1)]

    def _variant_counts(self, variant: list[Group], doc_id: int) -> list[tuple[Group, int, int]] | None:
        title, body = self.fields[doc_id]
        out = []
        for g in variant:
            ct, cb = _count(g, title), _count(g, body)
            if not ct and not cb:
                return None
            out.append((g, ct, cb))
        return out

    def matches(self, terms: list[Variants], doc_id: int) -> list[tuple[Group, int, int]] | None:
        found = []
        for variants in terms:
            hit = [c for v in variants if (c := self._variant_counts(v, doc_id)) is not None]
            if not hit:
                return None
            for counts in hit:
                found.extend(counts)
        return found

    def search(self, query: str) -> list[int]:
        """Matching ids, best first (exact 文号 hits first for approaches that look them up)."""
        terms = self.approach.parse(query)
        exact = []
        if self.approach.exact:
            key = parse_query(query).doc_number
            exact = [i for i, k in self.doc_numbers.items() if key and k == key]
        if not terms:
            return exact
        matched = {i: c for i in self.fields if (c := self.matches(terms, i)) is not None}
        df: dict[Group, int] = {}
        for counts in matched.values():
            for g in {g for g, _, _ in counts}:
                df[g] = df.get(g, 0) + 1
        n = len(self.fields)

        def score(i: int) -> float:
            s = 0.0
            for g, ct, cb in matched[i]:
                idf = math.log(1 + (n - df[g] + 0.5) / (df[g] + 0.5))
                for weight, tf, length, avg in ((TITLE_WEIGHT, ct, len(self.fields[i][0]), self.avg[0]),
                                                (1.0, cb, len(self.fields[i][1]), self.avg[1])):
                    if tf:
                        s += weight * idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / avg))
            return s

        ranked = sorted(matched, key=lambda i: (-score(i), -i))
        return exact + [i for i in ranked if i not in exact]


def evaluate(name: str, documents=None, queries=None) -> dict:
    if documents is None:
        documents, queries = load_corpus()
    index = Index(APPROACHES[name], documents)
    per_query = []
    for q in queries:
        relevant = set(q["relevant"])
        ranked = index.search(q["q"])
        found = set(ranked)
        top = ranked[:10]
        per_query.append({
            "q": q["q"],
            "recall": len(found & relevant) / len(relevant),
            "precision": len(found & relevant) / len(found) if found else 0.0,
            "p_at_10": len(set(top) & relevant) / len(top) if top else 0.0,
            "missed": sorted(relevant - found),
            "extra": sorted(found - relevant),
        })
    k = len(per_query)
    return {
        "approach": name,
        "label": APPROACHES[name].name,
        "queries": k,
        "recall": round(sum(p["recall"] for p in per_query) / k, 3),
        "precision": round(sum(p["precision"] for p in per_query) / k, 3),
        "p_at_10": round(sum(p["p_at_10"] for p in per_query) / k, 3),
        "per_query": per_query,
    }


def main() -> None:
    print(f"{'approach':55s} recall precision  P@10")
    for name in APPROACHES:
        r = evaluate(name)
        print(f"{r['label']:55s} {r['recall']:6.3f} {r['precision']:9.3f} {r['p_at_10']:5.3f}")


if __name__ == "__main__":
    main()
