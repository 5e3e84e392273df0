"""Strict parsers for settings read from the environment: a bad value stops start-up with a clear message."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


class SettingError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingError(f"{name}={value!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r}: expected an integer") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={value!r}: must be at least {minimum}")
    return number


def env_path(name: str, default: str) -> Path:
    return Path(env_str(name, default)).expanduser().resolve()


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def generated_secret_key(path: Path) -> str:
    """The secret key kept in `path`, created (random, mode 0600) on first use. Refuses a file others can
    read: whoever reads the key can forge sessions."""
    key = generated_key_file(path, lambda: secrets.token_urlsafe(50), what="secret key")
    if len(key) < 32:
        raise SettingError(f"{path}: the secret key file is empty or too short; delete it to generate a new one")
    return key


def generated_key_file(path: Path, make, *, what: str) -> str:
    """The key kept in `path`, created with `make()` (mode 0600) on first use; a file group or others can
    read is refused."""
    try:
        return _read_secret(path, what)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(make())
    try:
        # link() never replaces: when another process (the worker started beside the server) won the race,
        # its key is kept and ours is dropped.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return _read_secret(path, what)


def _read_secret(path: Path, what: str) -> str:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingError(f"{path}: the {what} file must be readable by its owner only (chmod 600 {path})")
    return path.read_text("ascii").strip()


def owner_only_dir(path: Path) -> Path:
    """Create `path` (and parents) as needed; the directory itself is made 0700 (the data dir holds
    applicants' personal data: nobody but the service's user may list or read it).

    A shared directory with the sticky bit (/tmp, /var/tmp) is refused rather than tightened: making /tmp
    0700 would lock every other user and service out of it."""
    if path.is_dir() and path.stat().st_mode & stat.S_ISVTX:
        raise SettingError(f"{path} is a shared directory (sticky bit, like /tmp): GONGKAI_DATA_DIR must be a "
                           "directory of its own, e.g. /tmp/gongkai or /var/lib/gongkai")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        path.chmod(0o700)
    return path


def owner_only_file(path: Path) -> Path:
    """Take group/other access away from `path` if it exists (a database made before gongkai set its umask).
    A file that does not exist yet is left to be created under the process umask (0o077, set by the settings
    before anything is opened): SQLite then makes the database, and its -wal and -shm files, owner-only. Not
    pre-created, so an empty data dir stays empty until something is stored (a restore needs one)."""
    if path.exists() and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        path.chmod(0o600)
    return path
