"""Encryption at rest and keyed lookup hashes (gongkai.core.privacy): round trips, rotation, refusals."""

from __future__ import annotations

import pytest

from gongkai.core.privacy import (
    DEVELOPMENT_KEY,
    DataKeys,
    KeyConfigError,
    UndecryptableValue,
    looks_encrypted,
    new_key,
)

ID = "11010519491231002X"


def test_round_trip_is_randomised_and_authenticated():
    keys = DataKeys([new_key()])
    a, b = keys.encrypt(ID), keys.encrypt(ID)
    assert a != b and ID not in a and looks_encrypted(a)
    assert keys.decrypt(a) == keys.decrypt(b) == ID
    assert keys.decrypt(keys.encrypt("示例市人民路1号")) == "示例市人民路1号"
    tampered = a[:-6] + ("A" if a[-6] != "A" else "B") + a[-5:]
    with pytest.raises(UndecryptableValue):
        keys.decrypt(tampered)
    with pytest.raises(UndecryptableValue):
        DataKeys([new_key()]).decrypt(a)  # another installation's key


def test_rotation_encrypts_with_the_first_key_and_reads_with_any():
    old, new = new_key(), new_key()
    token = DataKeys([old]).encrypt(ID)
    both = DataKeys([new, old])
    assert both.decrypt(token) == ID and not both.encrypted_with_newest(token)
    rotated = both.rotate(token)
    assert both.encrypted_with_newest(rotated)
    assert DataKeys([new]).decrypt(rotated) == ID
    with pytest.raises(UndecryptableValue):
        DataKeys([new]).decrypt(token)


def test_lookup_hashes_follow_the_keys_unless_a_lookup_key_is_set():
    old, new = new_key(), new_key()
    h_old = DataKeys([old]).lookup_hash(ID)
    both = DataKeys([new, old])
    assert both.lookup_hash(ID) != h_old and both.lookup_hashes(ID)[1] == h_old  # lookups still match
    assert len(h_old) == 64 and ID not in h_old
    assert DataKeys([old]).lookup_hash("") == "" and both.lookup_hashes("") == []
    fixed = "l" * 40
    assert DataKeys([new, old], fixed).lookup_hashes(ID) == [DataKeys([old], fixed).lookup_hash(ID)]


def test_bad_keys_are_named():
    with pytest.raises(KeyConfigError, match="key 2 is not a Fernet key"):
        DataKeys([new_key(), "short"])
    with pytest.raises(KeyConfigError, match="no key given"):
        DataKeys(["", " "])
    with pytest.raises(KeyConfigError, match="GONGKAI_LOOKUP_KEY"):
        DataKeys([DEVELOPMENT_KEY], "too short")
