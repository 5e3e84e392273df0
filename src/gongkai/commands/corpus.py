"""Placeholder registration; the command is implemented in this module by its owner."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("corpus", help="(being implemented)")
    p.set_defaults(func=lambda args: 1)
