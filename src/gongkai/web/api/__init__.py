"""The read-only open data API under /api/v1/ (docs/api.md): published items, agencies, catalogue entries and
published annual statistics, with cursor pagination, ETags and an OpenAPI 3.1 document."""
