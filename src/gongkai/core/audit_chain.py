"""The hash chain over audit events (tamper evidence).

Each event stores `prev_hash` (the hash of the event before it, GENESIS for the first) and `hash` =
sha256 over a canonical serialisation of its own fields followed by `prev_hash`. Editing an event changes its
hash; deleting one leaves the next event pointing at a hash nobody has; removing the newest events is seen by
comparing the chain head (kept beside the chain) with the last event. The canonical form is JSON with sorted
keys, no whitespace and UTF-8 text, so the same event gives the same bytes on SQLite and PostgreSQL.

Pure Python: the web layer hands the fields in as plain values (ids, ISO strings, JSON-native data).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(fields: Mapping[str, object]) -> bytes:
    """The bytes that are hashed for one event's fields (JSON-native values only)."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def event_hash(fields: Mapping[str, object], prev_hash: str) -> str:
    digest = hashlib.sha256(canonical(fields))
    digest.update(b"\n" + prev_hash.encode("ascii"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored event as read back: its id, its fields and the two hashes it stores."""

    id: int
    fields: Mapping[str, object]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold, with the event id and a one-line explanation."""

    event_id: int | None
    problem: str

    def __str__(self) -> str:
        return self.problem


def verify(links: Iterable[Link], *, head_hash: str | None = None, head_count: int | None = None
           ) -> tuple[int, Break | None]:
    """Walk the chain in insertion order: (events checked, first break or None). `head_hash` and
    `head_count` are what the chain head says about the newest event, to find events removed at the end."""
    expected_prev = GENESIS
    count = 0
    last_id = None
    for link in links:
        if link.prev_hash != expected_prev:
            where = f"after event {last_id}" if last_id is not None else "at the start"
            return count, Break(link.id, f"event {link.id}: the link to the event before it is broken "
                                         f"(an event {where} was deleted or changed)")
        if event_hash(link.fields, link.prev_hash) != link.hash:
            return count, Break(link.id, f"event {link.id}: its content does not match its hash (edited)")
        expected_prev = link.hash
        count += 1
        last_id = link.id
    if head_hash is not None and head_hash != expected_prev:
        if head_count is not None and head_count > count:
            what = f"{head_count - count} event(s) after event {last_id} are missing (deleted)"
        else:
            what = f"the newest event does not match the chain head (last event {last_id})"
        return count, Break(last_id, what)
    if head_count is not None and head_count != count:
        return count, Break(last_id, f"the chain head counts {head_count} events, the table holds {count}")
    return count, None
