"""Figures stated in the prose of a report, in any template.

    read_narrative(doc, stats) -> None

The text is cut into sections (by headings), sentences and clauses. Every count with a unit in a clause is
offered to the rules of `narrative_rules` with the words that lead up to it and follow it; statements of
none ("未发生因政府信息公开引起的行政复议") give zeros. Evidence quotes the clause in the document's own script.

What this step never does: overwrite a figure the tables already set (a differing prose figure is a
`narrative_table_mismatch` warning), make channel figures add up to a total, or pick the larger of two
contradicting statements (the first one in the section the figure belongs to wins, with a warning).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from ..reading.document import Document
from ..stats import AnnualStats, Evidence
from ..templates import get_template
from . import narrative_rules as R
from .numbers import Quantity, find_quantities, find_zero, may_state_zero

_ALL_UNITS = tuple(
    sorted(
        {
            *R.COUNT_UNITS, *R.ITEM_UNITS, *R.APPLICATION_UNITS, *R.EVENT_UNITS, *R.PEOPLE_UNITS, *R.MONEY_UNITS,
            "班", "篇", "场次",
        },
        key=len,
        reverse=True,
    )
)
_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}\s*[、.．])"
)
_COLON_FIGURE = re.compile(r"[：:][^：:]*\d")
_TOP_HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．])")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_FILLER = re.compile(r"[共计累合总全年度达到为有约近其中分别各等，,、：:\s]|[0-9０-９]+[年月日]?")
_BREAKDOWN = re.compile(r"^\s*(?:其中|分别|包括)")
_EXCEPTION = re.compile(r"除.{0,40}外")
_ALL_ = re.compile(r"全部|均|都|全都|悉数")
_SECTION_KEYWORDS = (
    ("review_litigation", re.compile(r"复议|诉讼")),
    ("fees", re.compile(r"收费|费用")),
    ("applications", re.compile(r"依申请|申请公开|公开申请|收到和处理")),
    ("proactive", re.compile(r"主动公开")),
    ("problems", re.compile(r"问题|不足|改进|打算|计划")),
    ("other", re.compile(r"其他需要报告")),
)
_MAX_QUOTE = 100
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–－\s]*\d{1,3}[-—–－\s]*|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
_WRAP_MIN_LINES = 8
_LAYOUT_GAP = re.compile(r"\S(?: {2,}|\u3000{2,})\S")


def _page_width(lengths: list[float]) -> float | None:
    """The width prose lines are wrapped at, from the sorted lengths of the candidate lines; None when the
    text is not laid out at a fixed width.

    Most lines near one length is the plain case. Otherwise (a PDF whose tables left many short label
    fragments between the paragraphs) the width is the length around which most of the characters lie."""
    width = lengths[(len(lengths) * 3) // 4]
    if sum(1 for n in lengths if width * 0.8 <= n <= width * 1.2) >= len(lengths) / 2:
        return width
    prefix = [0]
    for n in lengths:
        prefix.append(prefix[-1] + n)
    best, best_chars = None, 0
    for n in set(lengths):
        lo, hi = bisect_left(lengths, n * 0.9), bisect_right(lengths, n * 1.1)
        if hi - lo >= 4 and prefix[hi] - prefix[lo] > best_chars:
            best, best_chars = n, prefix[hi] - prefix[lo]
    if best is None or best_chars * 2 < prefix[-1]:
        return None
    return best


def _width(line: str) -> float:
    """Printed width in CJK characters: digits and Latin letters are half as wide, so a wrapped line full of
    figures holds more characters than one of prose."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def unwrap(text: str) -> tuple[str, list[int] | None]:
    """The text with the line breaks of hard-wrapped paragraphs removed, and the document offset of each of
    its characters (None when nothing was removed).

    PDFs (and pages copied from them) break every line at the page width: `举办政府信息公开专题培训班1` /
    `期。`. A line is a wrap, not a paragraph end, when the document is laid out at a fixed width (most
    prose lines have nearly the same length), the line is that long and does not end a sentence, and the
    next line is prose too (not a heading, not a table row). Page numbers between two wrapped lines go
    with the break.
    """
    lines = text.split("\n")
    # Only prose sets the page width: rows of a table laid out with runs of spaces (pdftotext -layout) are
    # usually wider than the paragraphs around them.
    lengths = sorted(
        _width(x.strip()) for x in lines if len(x.strip()) >= 10 and "\t" not in x and not _LAYOUT_GAP.search(x.strip())
    )
    if len(lengths) < _WRAP_MIN_LINES:
        return text, None
    width = _page_width(lengths)
    if width is None:
        return text, None
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    drop: list[tuple[int, int]] = []  # [a, b) spans of text to remove
    i = 0
    while i < len(lines) - 1:
        line = lines[i].rstrip()
        body = line.strip()
        if not (width * 0.8 <= _width(body) <= width * 1.2) or "\t" in line or _SENTENCE_END.search(body[-1:]):
            i += 1
            continue
        k = i + 1
        while k < len(lines) and (_PAGE_FOOTER.match(lines[k]) or not lines[k].strip()) and k - i <= 4:
            k += 1
        if k >= len(lines) or k - i > 4:
            i += 1
            continue
        nxt = lines[k]
        if not nxt.strip() or "\t" in nxt or (_HEADING.match(nxt.strip()) and len(nxt.strip()) <= 40) or nxt[:1].isspace():
            i += 1
            continue
        if k > i + 1 and not any(_PAGE_FOOTER.match(lines[x]) for x in range(i + 1, k)):
            i += 1  # a blank line without a page number is a paragraph break
            continue
        drop.append((starts[i] + len(line), starts[k]))
        i = k
    if not drop:
        return text, None
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for a, b in drop:
        parts.append(text[pos:a])
        offsets.extend(range(pos, a))
        pos = b
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(parts), offsets


@dataclass
class _Clause:
    start: int
    end: int
    section: str | None


@dataclass
class _Sentence:
    start: int
    end: int
    section: str | None
    clauses: list[_Clause] = field(default_factory=list)


@dataclass
class _Candidate:
    pointer: str
    value: int | float
    approximate: bool
    start: int
    end: int
    in_section: bool
    breakdown: bool = False  # stated in a 其中… clause: a part of a figure stated before it
    fallback: bool = False  # taken only when the figure is stated nowhere else
    whole: bool = False  # stated of the whole report (全年/共/我县…): preferred over plain statements


# 其中… introduces the parts of the count just stated; 其中 in the clause before the count marks a breakdown.
_BREAKDOWN = re.compile(r"其中")
# A count that says it includes other matters ("17件（含非信息公开类）") is not a disclosure figure.
_INCLUDES_OTHER = re.compile(r"\s*[（(]\s*(?:含|包括|包含)\s*(?:非|其他|其它)")


@cache
def _section_aliases() -> tuple[tuple[str, str], ...]:
    pairs = [(a, s.key) for s in get_template("pre2019").sections for a in (s.title, *s.aliases)]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def classify_heading(title: str) -> str | None:
    """The pre-2019 section a heading opens (`三、依申请公开政府信息的情况` -> applications), None if unclear."""
    for alias, key in _section_aliases():
        if alias in title:
            return key
    for key, pattern in _SECTION_KEYWORDS:
        if pattern.search(title):
            return key
    return None


def _split(text: str, skip: list[tuple[int, int]] = ()) -> list[_Sentence]:
    """Sentences outside the `skip` spans (tables: their figures belong to the tables parser)."""
    sentences: list[_Sentence] = []
    section: str | None = None
    subsection: str | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        body = line.strip()
        if not body or any(a <= line_start < b for a, b in skip):
            continue
        # "1.主动公开政府信息数：5,842条；" is a numbered statement, not a heading.
        if _HEADING.match(body) and len(body) <= 40 and "。" not in body and not _COLON_FIGURE.search(body):
            key = classify_heading(body)
            if _TOP_HEADING.match(body):
                section, subsection = key, None
            else:
                subsection = key
            continue
        current = subsection or section
        s_start = line_start
        for m in [*_SENTENCE_END.finditer(line), None]:
            s_end = line_start + (m.end() if m else len(line.rstrip("\r\n")))
            if s_end > s_start and text[s_start:s_end].strip():
                sentences.append(_Sentence(s_start, s_end, current, _clauses(text, s_start, s_end, current)))
            s_start = s_end
    return sentences


_CLAUSE_BREAK = re.compile(r"[，,：:]")


def _clauses(text: str, start: int, end: int, section: str | None) -> list[_Clause]:
    out: list[_Clause] = []
    c_start = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):  # the breaks found in C, not char by char
        i = m.start()
        if text[i] in "，,":
            # 1,234 / 1，234 is one number, not two clauses.
            if i > start and text[i - 1].isdigit() and text[i + 1 : i + 4].isdigit() and not text[i + 4 : i + 5].isdigit():
                continue
        out.append(_Clause(c_start, i, section))
        c_start = i + 1
    out.append(_Clause(c_start, end, section))
    return [c for c in out if text[c.start : c.end].strip()]


def _weak(lead: str) -> bool:
    return len(_FILLER.sub("", lead)) < 2


class _Reader:
    def __init__(self, doc: Document, stats: AnnualStats):
        self.doc = doc
        # Offsets below are in self.text; self.offsets maps them back to the document.
        self.text, self.offsets = unwrap(doc.simplified)
        self.stats = stats
        self.candidates: list[_Candidate] = []
        # (value, carried-over part or None, quote span) of "共受理申请120件（含上年结转5件）"
        self.with_carried: list[tuple[int, int | None, int, int]] = []

    def _doc_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None or end <= start:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1

    def _local(self, offset: int) -> int:
        if self.offsets is None:
            return offset
        import bisect

        return bisect.bisect_left(self.offsets, offset)

    # -- evidence -----------------------------------------------------------------------------------------

    def _span(self, clause: _Clause, q_start: int, q_end: int) -> tuple[int, int]:
        start, end = clause.start, clause.end
        while start < end and self.text[start] in " \u3000\t\r\n":
            start += 1
        while end > start and self.text[end - 1] in " \u3000\t\r\n。":
            end -= 1
        if end - start > _MAX_QUOTE:
            start = max(start, q_start - (_MAX_QUOTE - 30))
            end = min(end, max(q_end + 30, start + 10))
        return start, end

    def add(self, pointer: str, value, approximate: bool, clause: _Clause, q_start: int, q_end: int, section: str | None,
            fallback: bool = False, whole: bool = False):
        if _INCLUDES_OTHER.match(self.text, q_end):
            return
        start, end = self._span(clause, q_start, q_end)
        breakdown = bool(_BREAKDOWN.search(self.text, clause.start, q_start))
        self.candidates.append(
            _Candidate(pointer, value, approximate, start, end, section is not None and clause.section == section, breakdown,
                       fallback, whole)
        )

    # -- reading -----------------------------------------------------------------------------------------

    def run(self) -> None:
        sentences = _split(self.text, [(self._local(t.start), self._local(t.end)) for t in self.doc.tables])
        for i, sentence in enumerate(sentences):
            prev = sentences[i - 1] if i else None
            context = self.text[prev.start if prev else sentence.start : sentence.end]
            self._sentence(sentence, context)

    def _sentence(self, sentence: _Sentence, context: str) -> None:
        text = self.text
        totals: dict[str, int] = {}  # review/litigation totals stated in this sentence
        for ci, clause in enumerate(sentence.clauses):
            quantities = find_quantities(text, _ALL_UNITS, clause.start, clause.end)
            boundary = clause.start
            for qi, q in enumerate(quantities):
                local = text[boundary : q.start]
                lead = local
                if _weak(local) and ci > 0:
                    lead = text[sentence.clauses[ci - 1].start : q.start]
                next_start = quantities[qi + 1].start if qi + 1 < len(quantities) else clause.end
                tail = text[q.end : next_start]
                subject_text = text[sentence.start : q.start]
                self._quantity(q, local, lead, tail, clause, context, subject_text, totals, sentence)
                boundary = q.end
            if not quantities:
                self._outcome_without_number(clause, text[sentence.start : clause.end], totals)
            self._zeros(clause, sentence, context)

    def _disclosure_context(self, clause: _Clause, context: str, section: str | None) -> bool:
        return bool(R.DISCLOSURE.search(context)) or (section is not None and clause.section == section)

    def _quantity(self, q: Quantity, local: str, lead: str, tail: str, clause: _Clause, context: str,
                  subject_text: str, totals: dict[str, int], sentence: _Sentence) -> None:
        if self._review(q, local, tail, clause, context, subject_text, totals):
            return
        for rule in R.RULES:
            if self._matches(rule, q, lead, tail, clause, context):
                self.add(rule.pointer, self._value(rule, q), q.approximate, clause, q.start, q.end, rule.section)
                return
        if self._applications(q, local, lead, tail, clause, context):
            return
        self._proactive(q, local, lead, clause, sentence)

    def _value(self, rule: R.Rule, q: Quantity):
        if rule.decimal:
            return float(q.value)
        return int(q.value) if q.value == int(q.value) else q.value

    def _matches(self, rule: R.Rule, q: Quantity, lead: str, tail: str, clause: _Clause, context: str) -> bool:
        if q.unit not in rule.units:
            return False
        hit = bool(rule.lead and rule.lead.search(lead)) or bool(rule.tail and rule.tail.search(tail))
        if not hit:
            return False
        if rule.not_lead and rule.not_lead.search(lead):
            return False
        if rule.need and not rule.need.search(lead + tail):
            return False
        if rule.total and _BREAKDOWN.search(lead):
            return False
        if rule.context is not None and not self._disclosure_context(clause, context, rule.section):
            return False
        if not isinstance(q.value, int) and not rule.decimal:
            return False
        return True

    # review and litigation: a subject (复议/诉讼), then a total and outcomes
    def _review(self, q: Quantity, local: str, tail: str, clause: _Clause, context: str, subject_text: str,
                totals: dict[str, int]) -> bool:
        if q.unit not in R.COUNT_UNITS or not isinstance(q.value, int):
            return False
        window = local + tail
        if R.REVIEW_NOISE.search(window) or not self._disclosure_context(clause, context, "review_litigation"):
            return False
        in_lead = [(m.start(), "review") for m in R.REVIEW.finditer(local)] + [
            (m.start(), "litigation") for m in R.LITIGATION.finditer(local)
        ]
        subjects = {s for _, s in in_lead}
        outcome = next((key for key, p in R.OUTCOMES if p.search(local)), None) or next(
            (key for key, p in R.OUTCOMES if p.search(tail)), None
        )
        if subjects and not _BREAKDOWN.search(local):
            if len(subjects) == 2:
                if not re.search(r"各\s*$", local):
                    return True  # 行政复议、行政诉讼案件3件: which is which is not stated
                for s in ("review", "litigation"):
                    self.add(f"/{s}/total", q.value, q.approximate, clause, q.start, q.end, "review_litigation")
                    totals[s] = q.value
                return True
            subject = subjects.pop()
            self.add(f"/{subject}/total", q.value, q.approximate, clause, q.start, q.end, "review_litigation")
            totals[subject] = q.value
            return True
        if outcome is None:
            return False
        mentions = [(m.end(), "review") for m in R.REVIEW.finditer(subject_text)] + [
            (m.end(), "litigation") for m in R.LITIGATION.finditer(subject_text)
        ]
        if not mentions:
            return False
        subject = max(mentions)[1]
        self.add(f"/{subject}/{outcome}", q.value, q.approximate, clause, q.start, q.end, "review_litigation")
        return True

    def _outcome_without_number(self, clause: _Clause, sentence_so_far: str, totals: dict[str, int]) -> None:
        """`行政诉讼二例，…，全部终审胜诉` -> upheld = the total just stated."""
        if not totals:
            return
        body = self.text[clause.start : clause.end]
        if _BREAKDOWN.search(body):
            return
        outcome = next((key for key, p in R.OUTCOMES if p.search(body)), None)
        if outcome is None:
            return
        mentions = [(m.end(), "review") for m in R.REVIEW.finditer(sentence_so_far)] + [
            (m.end(), "litigation") for m in R.LITIGATION.finditer(sentence_so_far)
        ]
        subject = max(mentions)[1] if mentions else None
        if subject not in totals:
            return
        if _ALL_.search(body) or totals[subject] == 1:
            self.add(f"/{subject}/{outcome}", totals[subject], False, clause, clause.start, clause.end, "review_litigation")

    def _applications(self, q: Quantity, local: str, lead: str, tail: str, clause: _Clause, context: str) -> bool:
        if q.unit not in R.APPLICATION_UNITS or not isinstance(q.value, int):
            return False
        sentence_has_application = "申请" in context
        if R.APPLICATION_NOISE.search(lead):
            return False
        in_section = clause.section == "applications"
        if R.WITH_CARRIED.match(self.text, q.end) and (in_section or sentence_has_application):
            # New and carried-over applications together: compared with 表三 once the tables are known.
            carried = R.CARRIED_COUNT.search(self.text, q.end, min(len(self.text), q.end + 40))
            start, end = self._span(clause, q.start, q.end)
            self.with_carried.append((q.value, int(carried.group(1)) if carried else None, start, end))
            return True
        if (in_section or sentence_has_application) and not R.AGGREGATE_VERB.search(local):
            for key, pattern in R.LEGACY:
                if pattern.search(local) or (not local.strip("，,、：: ") and pattern.search(tail)):
                    self.add(f"/applications/legacy/{key}", q.value, q.approximate, clause, q.start, q.end,
                             "applications")
                    return True
        rule = R.APPLICATIONS_RECEIVED
        if not rule.lead.search(lead) or _BREAKDOWN.search(local):
            return False
        if not (R.RECEIVE_VERB.search(lead) or in_section):
            return False
        if not (R.DISCLOSURE.search(lead) or in_section):
            return False
        self.add(rule.pointer, q.value, q.approximate, clause, q.start, q.end, rule.section)
        return True

    def _proactive(self, q: Quantity, local: str, lead: str, clause: _Clause, sentence: _Sentence) -> None:
        if not isinstance(q.value, int) or q.unit not in R.ITEM_UNITS:
            return
        if clause.section in ("applications", "review_litigation", "fees"):
            return
        not_a_channel = R.CHANNEL_NOISE.search(lead) or R.CHANNEL_PART.search(lead) or R.OTHER_PLATFORM.search(lead)
        if R.CHANNEL_VERB.search(lead) and not not_a_channel:
            channels = {pointer for pointer, p in R.CHANNELS if p.search(lead)}
            if len(channels) == 1 and not R.CHANNEL_ETC.search(lead):
                channel = channels.pop()
                # "政务微博发布政府信息2,410条" beats "政务微博全年发布博文4,872条": posts are not all disclosures.
                self.add(channel, q.value, q.approximate, clause, q.start, q.end, "proactive", whole="信息" in lead)
                if self._website_is_the_total(channel, lead, sentence):
                    rule = R.PROACTIVE_TOTAL
                    self.add(rule.pointer, q.value, q.approximate, clause, q.start, q.end, rule.section, fallback=True)
                return
            if len(channels) > 1 and not R.CHANNEL_ETC.search(lead):
                return  # 通过网站、微博公开…: several channels together, none of them alone
            # 通过网站、微博等平台公开…: the channels are examples, the figure is the total (the rule below).
        rule = R.PROACTIVE_TOTAL
        if self._matches(rule, q, lead, "", clause, ""):
            if self._part_of_proactive(lead):
                return
            whole = bool(R.PROACTIVE_WHOLE.search(self.text[sentence.start : q.start]))
            self.add(rule.pointer, q.value, q.approximate, clause, q.start, q.end, rule.section, whole=whole)

    def _part_of_proactive(self, lead: str) -> bool:
        """Is the count about a part of the report's disclosure (one department, one platform or column)?
        `lead` is its clause up to the count, with the clause before when this one names no subject
        ("市公安局主动公开政府信息最多，达786条")."""
        own = (self.stats.agency or "").strip()
        clause_subject = lead
        part = R.PROACTIVE_PART.search(clause_subject)
        # 通过门户网站、微信公众号等渠道公开…: channels named as examples of all of them, not one of them.
        if part and not (R.CHANNEL_ETC.search(clause_subject) and not R.PROACTIVE_COLUMN.search(clause_subject)):
            return True
        for m in R.DEPARTMENT.finditer(clause_subject):
            name = re.sub(r"^(?:其中|全年|年内|同时|另外|此外|[0-9０-９]+年|)", "", m.group(0))
            name = re.sub(r"^(?:县|市|区|旗|盟|州)(?=[一-鿿]{2})", "", name)
            if not name or name.startswith(("我", "本", "全", "各")):
                continue
            if own and (_bare(name) in _bare(own) or _abbreviates(name, own)):
                continue
            # A government's general office publishes for the government: its count may be the report's own
            # (a 全县/全盟 total, when also stated, still wins as the whole).
            if re.fullmatch(r"(?:人民)?政府办公室|行署办公室|行政公署办公室", name) and re.search(r"政府|行政公署$", own):
                continue
            if re.search(r"公开|发布", name):  # 信息公开办公室 and the like: the words, not a body
                continue
            return True
        return False

    def _website_is_the_total(self, channel: str, lead: str, sentence: _Sentence) -> bool:
        """2019+ reports state their proactive total as what the portal published ("通过门户网站主动公开政府信息
        1234条"): since the 2019 regulation the government website is where everything proactive is disclosed.
        Only a lone channel counts (a sentence naming other channels lists parts) and only as a fallback: a total
        stated in other words wins."""
        if channel != "/proactive/by_channel/website" or self.stats.template not in ("2019", "2021"):
            return False
        if not R.PROACTIVE_TOTAL.lead.search(lead) or R.PROACTIVE_TOTAL.not_lead.search(lead) or _BREAKDOWN.search(lead):
            return False
        words = self.text[sentence.start : sentence.end]
        return not any(p.search(words) for pointer, p in R.CHANNELS if pointer != channel)

    # statements of none
    _ZERO_TARGETS = (
        ("/review/total", ("行政复议", "复议"), "review_litigation"),
        ("/litigation/total", ("行政诉讼", "诉讼"), "review_litigation"),
        ("/complaints", ("投诉", "举报"), "review_litigation"),
        ("/fees/collected_yuan", ("信息处理费", "收费", "收取费用", "收取任何费用", "收取", "费用"), "fees"),
        ("/applications/received", ("申请",), "applications"),
    )

    def _zeros(self, clause: _Clause, sentence: _Sentence, context: str) -> None:
        body = self.text[clause.start : clause.end]
        if not may_state_zero(body):  # most clauses: spares the five find_zero calls below
            return
        sentence_text = self.text[sentence.start : sentence.end]
        for pointer, keywords, section in self._ZERO_TARGETS:
            hits = find_zero(body, keywords)
            if not hits:
                continue
            if pointer.startswith(("/review", "/litigation")) and R.REVIEW_NOISE.search(body):
                continue
            if pointer == "/fees/collected_yuan":
                if _EXCEPTION.search(sentence_text) or re.search(r"行政事业性|罚没|经费", body):
                    continue
            if pointer == "/applications/received":
                if not re.search(r"依申请|信息公开申请|公开申请|申请公开", body) or R.APPLICATION_NOISE.search(body):
                    continue
                if not re.search(r"收到|受理|接到|发生|申请(?:公开)?(?:事项|案件)?$", body.strip()):
                    continue
            if pointer == "/complaints" and re.search(r"信箱|热线|12345|咨询", body):
                continue
            # 信息处理费 and fees asked of 申请人 exist only for disclosure applications; other words need the
            # disclosure context.
            own = pointer == "/fees/collected_yuan" and re.search(r"信息处理费|申请人", body)
            if not own and not self._disclosure_context(clause, context, section):
                continue
            self.add(pointer, 0.0 if pointer.startswith("/fees") else 0, False, clause, clause.start, clause.end, section)

    # -- writing -----------------------------------------------------------------------------------------

    def write(self, preexisting: dict) -> None:
        by_pointer: dict[str, list[_Candidate]] = {}
        for c in self.candidates:
            by_pointer.setdefault(c.pointer, []).append(c)
        for pointer, cands in by_pointer.items():
            # A part stated after 其中 is neither the figure nor a conflicting statement of it, when the whole
            # is stated too.
            cands = [c for c in cands if not c.breakdown] or cands
            cands = [c for c in cands if not c.fallback] or cands
            # A statement about the whole report beats one that may be about a part; the part is no conflict.
            cands = [c for c in cands if c.whole] or cands
            chosen = next((c for c in cands if c.in_section), cands[0])
            start, end = self._doc_span(chosen.start, chosen.end)
            quote = self.doc.text[start:end]
            others = sorted({c.value for c in cands if c.value != chosen.value})
            if pointer in preexisting:
                if preexisting[pointer] != chosen.value:
                    self.stats.warn(
                        "narrative_table_mismatch",
                        f"正文所述数字（{_fmt(chosen.value)}，“{quote}”）与表格中的数字（{_fmt(preexisting[pointer])}）"
                        "不一致，保留表格数字。",
                        pointer,
                    )
                continue
            self.stats.set(pointer, chosen.value, Evidence(quote, start, chosen.approximate))
            if others:
                self.stats.warn(
                    "narrative_conflict",
                    f"正文对同一数字有不同表述：采用“{quote}”中的{_fmt(chosen.value)}，另有"
                    f"{'、'.join(_fmt(v) for v in others)}。",
                    pointer,
                )
            if chosen.approximate:
                self.stats.warn("approximate", f"原文为约数或概数（“{quote}”），记为{_fmt(chosen.value)}。", pointer)
        self._write_with_carried(preexisting)

    def _write_with_carried(self, preexisting: dict) -> None:
        """A narrative count of new plus carried-over applications agrees with 表三 when it equals 一＋二 (or,
        when it names the carried-over part, that part equals 二): only a real difference is a warning."""
        new = preexisting.get("/applications/table3/new/total")
        carried = preexisting.get("/applications/table3/carried_over/total")
        if new is None:
            return
        for value, stated_carried, start, end in self.with_carried:
            if stated_carried is not None:
                expected_new, expected_carried = value - stated_carried, stated_carried
            else:
                expected_new, expected_carried = None, None
            agrees = (carried is not None and value == new + carried) if expected_new is None else (
                expected_new == new and (carried is None or expected_carried == carried)
            )
            if agrees:
                continue
            a, b = self._doc_span(start, end)
            self.stats.warn(
                "narrative_table_mismatch",
                f"正文所述申请数（“{self.doc.text[a:b]}”，含上年结转）与表三不一致：表三新收到{new}件"
                + (f"、上年结转{carried}件" if carried is not None else "")
                + "。",
                "/applications/table3/new/total",
            )


def _bare(name: str) -> str:
    """双河镇人民政府 and 双河镇 name the same body."""
    return re.sub(r"(?:人民政府|政府)$", "", name) or name


def _abbreviates(name: str, own: str) -> bool:
    """Is `name` the usual short form of the agency `own`: its characters in order ("高新区管委会" of
    南昌高新技术产业开发区管理委员会, "市发改委" of 某市发展和改革委员会)? A subject that is another body has a
    character the agency's name lacks (市公安局 of 瑞安市人民政府: 公)."""
    rest = iter(own)
    return len(name) >= 3 and all(ch in rest for ch in name)


def _fmt(v) -> str:
    return str(int(v)) if isinstance(v, float) and v == int(v) else str(v)


def read_narrative(doc: Document, stats: AnnualStats) -> None:
    if any(w.code == "not_a_report" for w in stats.warnings):
        return
    preexisting = stats.figures()
    reader = _Reader(doc, stats)
    reader.run()
    reader.write(preexisting)
