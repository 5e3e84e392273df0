"""Public URLs the API points at. The portal (gongkai.web.portal, mounted at /gk/) serves an item's page at
/gk/items/<pk>/, its attachments at /gk/items/<pk>/files/<attachment>/ and an agency's platform at
/gk/<code>/; these helpers are the one place here that knows."""

from __future__ import annotations


def item_page(request, item_id: int) -> str:
    return request.build_absolute_uri(f"/gk/items/{item_id}/")


def attachment_file(request, item_id: int, attachment_id: int) -> str:
    return request.build_absolute_uri(f"/gk/items/{item_id}/files/{attachment_id}/")


def agency_page(request, code: str) -> str:
    return request.build_absolute_uri(f"/gk/{code}/")


def item_api(request, item_id: int) -> str:
    return request.build_absolute_uri(f"/api/v1/items/{item_id}")
