"""A child process that dies with its parent, also when the parent is SIGKILLed (no chance to clean up).

On Linux the kernel does it: prctl(PR_SET_PDEATHSIG, SIGTERM) asks for SIGTERM when the parent dies. The
parent may already have died between the fork and that call, so the parent pid is compared right after it
(a dead parent's children are re-parented: getppid() changes). Elsewhere, and as a second line on Linux, a
watchdog thread polls getppid() and sends the process SIGTERM when it changes. SIGTERM lets `gongkai worker`
and gunicorn's workers stop in their usual way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
WATCHDOG_SECONDS = 1.0


def set_parent_death_signal(signum: int = signal.SIGTERM) -> bool:
    """Ask the kernel for `signum` when the parent dies; False where prctl is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int, signum: int = signal.SIGTERM) -> None:
    """Make this process end when `parent_pid` (its parent at fork) ends. Exits at once if it already has."""
    set_parent_death_signal(signum)
    if os.getppid() != parent_pid:  # the parent died before the death signal was armed
        os._exit(1)

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(WATCHDOG_SECONDS):
            if os.getppid() != parent_pid:
                os.kill(os.getpid(), signum)
                return

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
