"""Splitting runs of digits whose cell separators were lost, using the tables' arithmetic identities.

Crawled reports often flatten a table row into one run: `一、本年新收政府信息公开申请数量640020470`. The
row has a known number of cells, and the national tables have identities (table 三: 总计 = the six applicant
columns; table 四: each group's 总计 = its four outcomes; across table 三's rows, per column, 一+二 = （七）+四
and （七） = the sum of the result rows). `split_run` lists every split of one run that satisfies the row's
own identities; `solve_rows` then keeps only the combinations of row splits that satisfy the identities
across rows, and reports per cell whether every surviving combination agrees. A cell is only ever given a
value when all consistent readings agree on it — otherwise it stays None and the caller warns.

>>> run = Run.from_text("640020470")
>>> [s.values for s in split_run(run, 7, [(6, (0, 1, 2, 3, 4, 5))]).splits]
[(64, 0, 0, 2, 0, 4, 70)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Boundary kinds between two neighbouring symbols of a run.
OPEN = 0  # inside one source token: a cell boundary may or may not be here
SOFT = 1  # a lone line break: crawls wrap long runs, so a number may continue on the next line
HARD = 2  # a tab, a space or a dash cell: always a cell boundary

DASH = "D"  # a cell written as "-", "—", "/" … occupies exactly one symbol

MAX_DIGITS = 8  # no table cell of an annual report has more than eight digits
SPLIT_BUDGET = 200_000  # DFS nodes per run
SOLVE_BUDGET = 200_000  # backtracking nodes per table
MAX_SPLITS = 5_000
MAX_SOLUTIONS = 5_000


@dataclass(frozen=True)
class Run:
    """The symbols of one row's cells as they stand in the document, with their offsets in Document.text."""

    symbols: str  # '0'-'9' and DASH
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    bounds: tuple[int, ...]  # len(symbols) - 1 entries, OPEN/SOFT/HARD

    @classmethod
    def from_text(cls, text: str, offset: int = 0) -> Run:
        """A run from plain text: digits, dashes, spaces (HARD) and single line breaks (SOFT)."""
        symbols: list[str] = []
        starts: list[int] = []
        bounds: list[int] = []
        gap = ""
        for i, ch in enumerate(text):
            if ch.isspace():
                gap += ch
                continue
            kind = DASH if not ch.isdigit() else ch
            if symbols:
                b = OPEN
                if gap:
                    b = SOFT if gap.strip(" ") == "\n" and gap.count("\n") == 1 and "\t" not in gap else HARD
                if kind == DASH or symbols[-1] == DASH:
                    b = HARD
                bounds.append(b)
            symbols.append(kind)
            starts.append(offset + i)
            gap = ""
        return cls("".join(symbols), tuple(starts), tuple(s + 1 for s in starts), tuple(bounds))

    def token_count(self) -> int:
        return 1 + sum(1 for b in self.bounds if b != OPEN) if self.symbols else 0


@dataclass
class Split:
    spans: tuple[tuple[int, int], ...]  # symbol index ranges, one per cell
    values: tuple[int, ...]  # a DASH cell reads as 0 here; the caller decides what dashes mean


@dataclass
class SplitResult:
    splits: list[Split] = field(default_factory=list)
    complete: bool = True  # False when the search hit its budget: the list may miss readings


class _Budget(Exception):
    pass


def split_run(
    run: Run,
    n: int,
    identities: Sequence[tuple[int, Sequence[int]]] = (),
    *,
    max_digits: int = MAX_DIGITS,
    budget: int = SPLIT_BUDGET,
) -> SplitResult:
    """Every way to cut `run` into `n` cells (no leading zeros except a lone 0, HARD bounds always cut, at
    most `max_digits` digits a cell) such that each identity `(target, sources)` holds:
    cell[target] == sum(cell[s] for s in sources), all sources before the target.

    Cost: a depth-first search over cell lengths, at most `max_digits` branches per cell, so
    O(max_digits ** n) in the worst case; but a run longer than n * max_digits is rejected at once, an
    identity's target is never enumerated (its digits must spell the known sum), a last-cell target is fixed
    first so partial sums above it are cut, and the search stops after `budget` nodes and reports
    `complete=False` — a 200-digit run cannot hang.
    """
    out = SplitResult()
    sym = run.symbols
    length = len(sym)
    if length < n or length > n * max_digits:
        return out
    targets = {t: tuple(s) for t, s in identities}
    # Cheapest test first: a cut must be possible after position i (any bound allows a cut), joining across
    # a HARD bound is not.
    next_hard = [length] * (length + 1)
    for i in range(length - 2, -1, -1):
        next_hard[i] = i + 1 if run.bounds[i] == HARD else next_hard[i + 1]
    if length >= 1:
        next_hard[length - 1] = length
    values: list[int] = []
    spans: list[tuple[int, int]] = []
    nodes = 0
    # When the last cell is an identity's target (table 三's 总计, table 四's last 总计), its digits are the
    # run's tail: trying each tail length first turns the search into "split the rest into parts that add up
    # to a known number", and a partial sum above it cuts the branch.
    last = targets.get(n - 1)
    cap: list[int | None] = [None]
    limit = [length]
    tail_len = [max_digits]

    def fits(pos: int, end: int) -> bool:
        if end > length or end > next_hard[pos]:
            return False
        chunk = sym[pos:end]
        if DASH in chunk:
            return end - pos == 1
        return not (end - pos > 1 and chunk[0] == "0")

    def dfs(pos: int, j: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            raise _Budget
        left = n - j
        rest = length - pos
        if left == 0:
            if rest == 0:
                out.splits.append(Split(tuple(spans), tuple(values)))
                if len(out.splits) > MAX_SPLITS:
                    raise _Budget
            return
        if rest < left or rest > left * max_digits:
            return
        if j in targets:
            want = sum(values[s] for s in targets[j])
            if sym[pos] == DASH:
                lengths: Iterable[int] = (1,) if want == 0 else ()
            else:
                text = str(want)
                lengths = (len(text),) if sym.startswith(text, pos) else ()
        elif sym[pos] == DASH:
            lengths = (1,)
        else:
            lengths = range(1, max_digits + 1)
        for size in lengths:
            end = pos + size
            if not fits(pos, end) or (j < n - 1 and end > limit[0]):
                break  # every longer cell fails for the same reason
            chunk = sym[pos:end]
            value = 0 if chunk == DASH else int(chunk)
            if cap[0] is not None and last is not None and j in last:
                if sum(values[s] for s in last if s < j) + value > cap[0]:
                    break  # a longer cell is a larger number
                # The cells still to place before the target must fit what is left of the run; when they are
                # all sources of the target, none is longer than it.
                between = n - 2 - j
                room = limit[0] - end
                widest = tail_len[0] if all(x in last for x in range(j + 1, n - 1)) else max_digits
                if room < between:
                    break
                if room > between * widest:
                    continue
            values.append(value)
            spans.append((pos, end))
            dfs(end, j + 1)
            values.pop()
            spans.pop()

    try:
        if last is not None and DASH not in sym[length - max_digits:]:
            # Each tail length yields disjoint splits: a longer target would exceed the cap of a shorter one.
            for tail in range(1, min(max_digits, length) + 1):
                if not fits(length - tail, length):
                    continue
                cap[0], limit[0], tail_len[0] = int(sym[length - tail:]), length - tail, tail
                dfs(0, 0)
        else:
            dfs(0, 0)
    except _Budget:
        out.complete = False
    return out


# --- across rows ------------------------------------------------------------------------------------------

Vector = tuple[int | None, ...]
Constraint = tuple[tuple[str, int], ...]  # sum(coef * row[column]) == 0 for every column


@dataclass
class Solved:
    values: dict[str, list[int | None]]  # per row, per column: the value all consistent readings agree on
    ambiguous: set[str]  # rows with at least one cell left None because readings disagree
    consistent: bool  # False when no combination satisfies the identities (or the search gave up)
    complete: bool = True


def solve_rows(
    domains: dict[str, list[Vector]],
    constraints: Sequence[Constraint],
    width: int,
    *,
    budget: int = SOLVE_BUDGET,
) -> Solved:
    """Combine per-row candidate vectors under linear identities that hold column by column.

    Rows with one candidate are fixed; the others are searched by backtracking with interval pruning (the
    remaining rows' min/max contributions must still allow each equation to reach 0). A None cell satisfies
    every equation of its column (it is unknown, not a contradiction). Cost is bounded by `budget` nodes and
    MAX_SOLUTIONS solutions; past either, the undecided rows are reported ambiguous, never guessed.
    """
    active = [c for c in constraints if all(k in domains and domains[k] for k, _ in c)]
    fixed = {k: d[0] for k, d in domains.items() if len(d) == 1}
    free = sorted((k for k, d in domains.items() if len(d) > 1), key=lambda k: len(domains[k]))
    empty = {k for k, d in domains.items() if not d}
    values: dict[str, list[int | None]] = {k: list(v) for k, v in fixed.items()}
    for k in empty:
        values[k] = [None] * width
    if not free:
        ok = all(_holds(c, fixed, width) for c in active)
        return Solved(values, set(), ok)

    bounds: dict[str, list[tuple[int, int] | None]] = {}
    for k in free:
        col_bounds: list[tuple[int, int] | None] = []
        for c in range(width):
            vs = [v[c] for v in domains[k]]
            col_bounds.append(None if any(x is None for x in vs) else (min(vs), max(vs)))  # type: ignore[type-var]
        bounds[k] = col_bounds

    seen: dict[str, list[set]] = {k: [set() for _ in range(width)] for k in free}
    assign: dict[str, Vector] = dict(fixed)
    found = 0
    nodes = 0

    def feasible() -> bool:
        for c_ in active:
            for col in range(width):
                lo = hi = 0
                unknown = False
                for k, coef in c_:
                    if k in assign:
                        x = assign[k][col]
                        if x is None:
                            unknown = True
                            break
                        lo += coef * x
                        hi += coef * x
                    else:
                        b = bounds[k][col]
                        if b is None:
                            unknown = True
                            break
                        a, z = coef * b[0], coef * b[1]
                        lo += min(a, z)
                        hi += max(a, z)
                if not unknown and not lo <= 0 <= hi:
                    return False
        return True

    def search(i: int) -> None:
        nonlocal found, nodes
        nodes += 1
        if nodes > budget:
            raise _Budget
        if i == len(free):
            found += 1
            for k in free:
                for col, x in enumerate(assign[k]):
                    seen[k][col].add(x)
            if found >= MAX_SOLUTIONS:
                raise _Budget
            return
        k = free[i]
        for cand in domains[k]:
            assign[k] = cand
            if feasible():
                search(i + 1)
        del assign[k]

    complete = True
    if feasible():
        try:
            search(0)
        except _Budget:
            complete = False
    ambiguous: set[str] = set()
    for k in free:
        if not complete or found == 0:
            values[k] = [None] * width
            ambiguous.add(k)
            continue
        row = [next(iter(s)) if len(s) == 1 else None for s in seen[k]]
        values[k] = row
        if any(len(s) > 1 for s in seen[k]):
            ambiguous.add(k)
    return Solved(values, ambiguous, found > 0, complete)


def _holds(constraint: Constraint, rows: dict[str, Vector], width: int) -> bool:
    for col in range(width):
        total = 0
        for k, coef in constraint:
            x = rows[k][col]
            if x is None:
                break
            total += coef * x
        else:
            if total != 0:
                return False
    return True


# --- runs with signs and decimal points (table 二) --------------------------------------------------------

COUNT_CELL, SIGNED_CELL, MONEY_CELL = "count", "signed", "money"
_DASH_CHARS = set("—–―‐‑/\\─━")


@dataclass
class TextSplit:
    spans: tuple[tuple[int, int], ...]  # character ranges in the split text, one per cell
    values: tuple[int | float | None, ...]  # None for a dash cell


def split_text(
    text: str, kinds: Sequence[str], *, dashes: bool, max_digits: int = MAX_DIGITS, limit: int = 2
) -> list[TextSplit]:
    """Ways to cut a run written with signs and decimal points (`74-10`, `0+10`, `3769.99`) into cells.

    Each cell must read as its kind: COUNT_CELL `0|[1-9]\\d*`, SIGNED_CELL the same with an optional `+`/`-`,
    MONEY_CELL the same with an optional decimal part; with `dashes`, a lone dash mark is also a cell (a `-`
    then reads either as a sign or as a dash cell). A sign or decimal point therefore fixes where a cell
    starts or continues, which is what makes such runs splittable without an identity. Whitespace between
    symbols always cuts, except a lone line break (crawls wrap long runs). At most `limit` splits are
    returned: callers only need to know whether the reading is unique.
    """
    syms: list[tuple[int, str]] = []
    hard: list[bool] = []  # hard[k]: a cut is forced between syms[k-1] and syms[k]
    gap = ""
    for i, ch in enumerate(text):
        if ch.isspace():
            gap += ch
            continue
        if syms:
            hard.append(bool(gap) and not (gap.strip(" ") == "\n" and gap.count("\n") == 1))
        else:
            hard.append(False)
        syms.append((i, ch))
        gap = ""
    s = "".join(ch for _, ch in syms)
    n, length = len(kinds), len(s)
    out: list[TextSplit] = []
    spans: list[tuple[int, int]] = []
    values: list[int | float | None] = []

    def cell(chunk: str, kind: str) -> tuple[bool, int | float | None]:
        if dashes and len(chunk) == 1 and (chunk in _DASH_CHARS or chunk == "-"):
            return True, None
        body = chunk
        if kind == SIGNED_CELL and body[:1] in "+-":
            body = body[1:]
        whole, dot, frac = body.partition(".")
        if not whole.isdigit() or (len(whole) > 1 and whole[0] == "0") or len(whole) > max_digits:
            return False, None
        if dot:
            if kind != MONEY_CELL or not frac.isdigit():
                return False, None
            return True, float(body) * (-1 if chunk[0] == "-" else 1)
        value = int(body)
        return True, -value if chunk[0] == "-" else value

    def dfs(pos: int, j: int) -> None:
        if len(out) >= limit:
            return
        if j == n:
            if pos == length:
                out.append(TextSplit(tuple(spans), tuple(values)))
            return
        if not n - j <= length - pos <= (n - j) * (max_digits + 4):
            return
        for end in range(pos + 1, min(length, pos + max_digits + 4) + 1):
            if end > pos + 1 and hard[end - 1]:
                break
            if end < length and j == n - 1:
                continue
            ok, value = cell(s[pos:end], kinds[j])
            if not ok:
                continue
            spans.append((syms[pos][0], syms[end - 1][0] + 1))
            values.append(value)
            dfs(end, j + 1)
            spans.pop()
            values.pop()

    if n and length:
        dfs(0, 0)
    return out
