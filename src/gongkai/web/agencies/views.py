"""The public agency directory (机关目录): where to apply, and how to reach each disclosure office.

Only public facts are shown (names, levels, the disclosure office's address, phone and e-mail); nothing here
depends on who is logged in.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import agency_tree_search


@require_GET
def directory(request):
    q = (request.GET.get("q") or "").strip()[:50]
    entries = agency_tree_search(q)
    return render(request, "agencies/directory.html", {"entries": entries, "q": q})
