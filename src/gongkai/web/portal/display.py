"""The reader's display choices on the platform: traditional script and large text (适老化).

A choice comes from the query (`?script=traditional`, `?size=large`, for one page) or from a cookie set by
the `portal:display` view (links in the platform header, no JavaScript). `portal_page` wraps a view: it puts
the choices on the request for the templates and converts the rendered page's text, never its markup or
URLs (gongkai.core.portal.display), for a traditional-script reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.utils.cache import patch_vary_headers

from gongkai.core.portal.display import to_traditional_html

SCRIPT_COOKIE = "gk_script"
SIZE_COOKIE = "gk_size"
COOKIE_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Display:
    traditional: bool = False
    large: bool = False

    @property
    def body_class(self) -> str:
        return " ".join(c for c in ("large-text" if self.large else "", "traditional" if self.traditional else "")
                        if c)


def display_of(request) -> Display:
    script = request.GET.get("script") or request.COOKIES.get(SCRIPT_COOKIE, "")
    size = request.GET.get("size") or request.COOKIES.get(SIZE_COOKIE, "")
    return Display(traditional=script == "traditional", large=size == "large")


def portal_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.display = display_of(request)
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if (request.display.traditional and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            charset = response.charset or "utf-8"
            page = response.content.decode(charset)
            page = page.replace('<html lang="zh-Hans"', '<html lang="zh-Hant"', 1)
            response.content = to_traditional_html(page).encode(charset)
        return response

    return wrapped
