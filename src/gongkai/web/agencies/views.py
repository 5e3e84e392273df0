"""The public agency directory (机关目录): where to apply, and how to reach each disclosure office.

Only public facts are shown (names, levels, the disclosure office's address, phone and e-mail); nothing here
depends on who is logged in.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import agency_tree


@require_GET
def directory(request):
    q = (request.GET.get("q") or "").strip()[:50]
    entries = agency_tree(active_only=True)
    if q:
        # Keep the path to every match so a found department still shows under its government.
        by_id = {e.agency.pk: e for e in entries}
        keep: set[int] = set()
        for e in entries:
            if q in e.agency.name or q in e.agency.short_name or q.lower() == e.agency.code.lower():
                node = e.agency
                while node is not None and node.pk in by_id and node.pk not in keep:
                    keep.add(node.pk)
                    node = node.parent
        entries = [e for e in entries if e.agency.pk in keep]
    return render(request, "agencies/directory.html", {"entries": entries, "q": q})
