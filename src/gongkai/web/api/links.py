"""Public URLs the API points at. The portal (gongkai.web.portal) serves an item's public page at
/gk/items/<pk>/ and its attachments below it; these helpers are the one place that knows."""

from __future__ import annotations


def item_page(request, item_id: int) -> str:
    return request.build_absolute_uri(f"/gk/items/{item_id}/")


def attachment_file(request, item_id: int, attachment_id: int) -> str:
    return request.build_absolute_uri(f"/gk/items/{item_id}/attachments/{attachment_id}/")


def agency_page(request, code: str) -> str:
    return request.build_absolute_uri(f"/api/v1/agencies/{code}")


def item_api(request, item_id: int) -> str:
    return request.build_absolute_uri(f"/api/v1/items/{item_id}")
