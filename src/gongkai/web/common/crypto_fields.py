"""A model field whose values are encrypted at rest (applicants' personal data, see docs/privacy.md).

`EncryptedTextField` encrypts in `get_prep_value` (so only ciphertext reaches SQL, its parameters and the
query log) and decrypts in `from_db_value`. "" and NULL are stored as they are: an empty optional field
reveals nothing. Encrypted values cannot be compared in the database (every encryption differs), so every
lookup but `isnull` is refused with an error instead of silently matching nothing; lookups go through a
keyed hash column instead (`lookup_hash`).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import models

from gongkai.core.privacy import DataKeys


def data_keys() -> DataKeys:
    return _data_keys(tuple(settings.GONGKAI_DATA_KEYS), settings.GONGKAI_LOOKUP_KEY)


@lru_cache(maxsize=4)
def _data_keys(keys: tuple[str, ...], lookup_key: str | None) -> DataKeys:
    return DataKeys(keys, lookup_key)


def lookup_hash(value: str) -> str:
    return data_keys().lookup_hash(value)


def lookup_hashes(value: str) -> list[str]:
    return data_keys().lookup_hashes(value)


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return data_keys().encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return data_keys().decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None  # Django then raises FieldError: "Unsupported lookup ... for EncryptedTextField"
        return super().get_lookup(lookup_name)
