"""The manifest of a backup directory: what it holds, and a sha256 and size for every file in it.

`manifest.json` sits at the top of the backup and lists every other file by its path relative to the backup
(POSIX separators). `check(dir)` reads it and names the first problem: a file missing, changed, of another
size, or a file the manifest does not list. Pure Python, so it runs before Django is even configured.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

FORMAT = 1
NAME = "manifest.json"
_CHUNK = 1 << 20


class ManifestError(ValueError):
    """The backup does not hold what its manifest says (message names the file)."""


def sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def walk(root: Path) -> Iterator[Path]:
    """Every regular file under root except the manifest, sorted, as paths relative to root."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.as_posix() != NAME:
            yield rel


def write(root: Path, info: dict) -> dict:
    """Checksum every file under root and write manifest.json (0600) with `info` and the file list."""
    files = {}
    for rel in walk(root):
        sha, size = sha256_file(root / rel)
        files[rel.as_posix()] = {"sha256": sha, "size": size}
    manifest = {"format": FORMAT, **info, "files": files}
    path = root / NAME
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
    tmp.replace(path)
    return manifest


def read(root: Path) -> dict:
    path = root / NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest (not a gongkai backup)") from None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ManifestError(f"{path}: not a gongkai backup manifest")
    if manifest.get("format") != FORMAT:
        raise ManifestError(f"{path}: manifest format {manifest.get('format')!r}, this gongkai reads {FORMAT}")
    return manifest


def check(root: Path) -> dict:
    """The manifest, once every file it lists is present with its size and sha256 and nothing else is
    there; ManifestError naming the first file that is not."""
    manifest = read(root)
    listed = manifest["files"]
    for name, entry in sorted(listed.items()):
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts:
            raise ManifestError(f"{name}: a path outside the backup")
        path = root / rel
        if not path.is_file():
            raise ManifestError(f"{name}: missing from the backup")
        sha, size = sha256_file(path)
        if size != entry.get("size"):
            raise ManifestError(f"{name}: size {size} bytes, the manifest says {entry.get('size')}")
        if sha != entry.get("sha256"):
            raise ManifestError(f"{name}: checksum mismatch (sha256 {sha[:12]}…, the manifest says "
                                f"{str(entry.get('sha256'))[:12]}…)")
    for rel in walk(root):
        if rel.as_posix() not in listed:
            raise ManifestError(f"{rel.as_posix()}: not listed in the manifest")
    return manifest
