"""The backup manifest (gongkai.core.backup_manifest): written over every file, checked file by file."""

from __future__ import annotations

import json

import pytest

from gongkai.core import backup_manifest as bm


def _backup(tmp_path):
    (tmp_path / "files" / "ab").mkdir(parents=True)
    (tmp_path / "database.sqlite3").write_bytes(b"db")
    (tmp_path / "files" / "ab" / "abc").write_bytes(b"attachment")
    bm.write(tmp_path, {"gongkai_version": "x"})
    return tmp_path


def test_the_manifest_lists_every_file_with_size_and_checksum_and_is_private(tmp_path):
    root = _backup(tmp_path)
    manifest = bm.check(root)
    assert sorted(manifest["files"]) == ["database.sqlite3", "files/ab/abc"]
    assert manifest["files"]["database.sqlite3"]["size"] == 2
    assert (root / "manifest.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("change, found", [
    (lambda r: (r / "files/ab/abc").write_bytes(b"attachmenT"), "files/ab/abc: checksum mismatch"),
    (lambda r: (r / "files/ab/abc").write_bytes(b"short"), "files/ab/abc: size 5 bytes"),
    (lambda r: (r / "database.sqlite3").unlink(), "database.sqlite3: missing"),
    (lambda r: (r / "files/extra").write_bytes(b"x"), "files/extra: not listed"),
])
def test_each_kind_of_change_is_named(tmp_path, change, found):
    root = _backup(tmp_path)
    change(root)
    with pytest.raises(bm.ManifestError, match=found):
        bm.check(root)


def test_a_path_outside_the_backup_and_a_foreign_format_are_refused(tmp_path):
    root = _backup(tmp_path)
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["files"]["../etc/passwd"] = {"sha256": "0", "size": 0}
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(bm.ManifestError, match="outside the backup"):
        bm.check(root)
    manifest["format"] = 99
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(bm.ManifestError, match="format 99"):
        bm.check(root)
    with pytest.raises(bm.ManifestError, match="no manifest"):
        bm.check(tmp_path / "nowhere")
