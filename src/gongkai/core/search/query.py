"""Parsing a search box query into terms the backends compile to FTS5 or tsquery syntax.

Syntax: words separated by spaces must all occur (AND); "a quoted phrase" (straight or curly quotes) is one
term even with spaces inside; a 文号 or 索引号 anywhere in the query is also looked up exactly (see
`identifiers`). Each term is folded (`text.fold`) and expanded with the abbreviation lexicon; a term
matches when any of its variants does. A variant is a sequence of groups that must all occur:

* a run of three or more Chinese characters → all of its bigrams (kind "all"), anywhere in the item; in
  a quoted phrase → the phrase of its adjacent bigrams (kind "phrase", a substring match). Adjacency is
  what PostgreSQL cannot check from its GIN index: every candidate's tsvector is read again, ~1 s for
  a word in 6% of 200,000 items. Scattered bigrams rarely co-occur by chance (府信 and 息公 outside
  政府信息公开), and ranking counts the real substring, so such items sink (docs/search.md);
* a run of two characters is one bigram;
* a single Chinese character → a prefix query on the tokens (see `text`), unless other groups stand beside
  it in the term (年 in 2024年 is dropped: the prefix costs a scan and adds little);
* an ASCII word or number → that token.

>>> [t.variants for t in parse_query('公开  "2024年 报告" 低保').terms][2][1]
(Group(kind='phrase', tokens=('最低', '低生', '生活', '活保', '保障')),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.search.identifiers import find_identifiers
from gongkai.core.search.lexicon import expand
from gongkai.core.search.text import fold, is_han, runs

MAX_TERMS = 8
MAX_QUERY_CHARS = 200
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Group:
    kind: str  # "phrase" | "all" | "prefix" | "word"
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    text: str  # folded
    variants: tuple[tuple[Group, ...], ...]  # OR of (AND of groups)
    marks: tuple[str, ...]  # folded strings to highlight in snippets


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    doc_number: str = ""
    index_no: str = ""

    @property
    def empty(self) -> bool:
        return not self.terms and not self.doc_number and not self.index_no


def groups_of(text: str, *, phrase: bool = False) -> tuple[Group, ...]:
    groups = []
    for run in runs(text):
        if is_han(run):
            if len(run) == 1:
                groups.append(Group("prefix", (run,)))
            else:
                bigrams = tuple(run[i:i + 2] for i in range(len(run) - 1))
                groups.append(Group("phrase" if phrase or len(bigrams) == 1 else "all", bigrams))
        else:
            groups.append(Group("word", (run,)))
    if len(groups) > 1:
        # A lone character beside other groups (年 in 2024年, 费 in an expansion with punctuation) adds
        # little precision and, as a prefix query, costs a scan of every token starting with it.
        groups = [g for g in groups if g.kind != "prefix"] or groups[:1]
    return tuple(groups)


def make_term(text: str, *, phrase: bool = False) -> Term | None:
    variants = []
    marks: list[str] = []
    for variant in expand(text):
        groups = groups_of(variant, phrase=phrase)
        if groups and groups not in variants:
            variants.append(groups)
            marks.extend(runs(variant))
    if not variants:
        return None
    return Term(text=text, variants=tuple(variants), marks=tuple(dict.fromkeys(marks)))


def parse_query(text: str) -> ParsedQuery:
    folded = fold(text[:MAX_QUERY_CHARS]).replace("“", '"').replace("”", '"').replace("號", "号")
    doc_number, index_no, rest = find_identifiers(folded)
    pieces: list[tuple[str, bool]] = []
    # Quoted phrases are one term each; Chinese inside them is joined across spaces (政府 信息 → 政府信息).
    for m in _QUOTED.finditer(rest):
        phrase = m.group(1)
        pieces.append((re.sub(r"(?<=\S)\s+(?=\S)", lambda s, p=phrase: "" if _joinable(s, p) else " ", phrase),
                       True))
    rest = _QUOTED.sub(" ", rest).replace('"', " ")
    pieces.extend((word, False) for word in rest.split())
    terms: list[Term] = []
    for piece, phrase in pieces:
        term = make_term(piece.strip(), phrase=phrase)
        if term and term not in terms:
            terms.append(term)
    return ParsedQuery(terms=tuple(terms[:MAX_TERMS]), doc_number=doc_number, index_no=index_no)


def _joinable(space: re.Match, text: str) -> bool:
    before, after = text[space.start() - 1], text[space.end()]
    return not (before.isascii() and after.isascii())
