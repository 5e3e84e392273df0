"""The audit hash chain (gongkai.core.audit_chain): an intact chain verifies; a deleted, edited or reordered
event and events cut off the end are each found, with the event they concern."""

from __future__ import annotations

from gongkai.core.audit_chain import GENESIS, Link, canonical, event_hash, verify


def _chain(n: int) -> list[Link]:
    links, prev = [], GENESIS
    for i in range(1, n + 1):
        fields = {"application": 7, "action": f"step{i}", "reason": "理由", "data": {"b": 1, "a": [i]}}
        h = event_hash(fields, prev)
        links.append(Link(i, fields, prev, h))
        prev = h
    return links


def test_canonical_form_is_independent_of_key_order_and_keeps_chinese_text():
    assert canonical({"b": 1, "a": "申请"}) == canonical({"a": "申请", "b": 1}) == '{"a":"申请","b":1}'.encode()
    assert event_hash({"a": 1}, GENESIS) != event_hash({"a": 1}, "1" * 64)  # the link is part of the hash


def test_an_intact_chain_verifies_with_its_head():
    links = _chain(5)
    assert verify(links, head_hash=links[-1].hash, head_count=5) == (5, None)
    assert verify([], head_hash=GENESIS, head_count=0) == (0, None)


def test_a_deleted_event_breaks_the_next_link():
    links = _chain(5)
    count, broken = verify(links[:2] + links[3:], head_hash=links[-1].hash, head_count=5)
    assert count == 2 and broken.event_id == 4 and "after event 2" in str(broken)


def test_an_edited_event_no_longer_matches_its_hash():
    links = _chain(5)
    edited = Link(3, {**links[2].fields, "reason": "改过的理由"}, links[2].prev_hash, links[2].hash)
    count, broken = verify(links[:2] + [edited] + links[3:])
    assert count == 2 and broken.event_id == 3 and "edited" in str(broken)


def test_rehashing_an_edited_event_still_breaks_the_chain_at_the_next_one():
    links = _chain(5)
    fields = {**links[2].fields, "reason": "改过的理由"}
    forged = Link(3, fields, links[2].prev_hash, event_hash(fields, links[2].prev_hash))
    count, broken = verify(links[:2] + [forged] + links[3:])
    assert count == 3 and broken.event_id == 4


def test_events_cut_off_the_end_are_found_by_the_head():
    links = _chain(5)
    count, broken = verify(links[:3], head_hash=links[-1].hash, head_count=5)
    assert count == 3 and "2 event(s) after event 3 are missing" in str(broken)


def test_a_deleted_first_event_is_found():
    links = _chain(3)
    count, broken = verify(links[1:])
    assert count == 0 and broken.event_id == 2 and "at the start" in str(broken)
