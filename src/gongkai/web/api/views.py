"""The endpoints of /api/v1/ (django-ninja). Every endpoint is a GET of public data; see docs/api.md.

    GET /api/v1/items                     published items, newest first, filters, cursor pages
    GET /api/v1/items/{id}                one item; a withdrawn one → 410 with its date and reason
    GET /api/v1/agencies                  the agency list (public fields only)
    GET /api/v1/agencies/{code}           one agency
    GET /api/v1/agencies/{code}/items.csv / items.jsonl   the agency's registry, streamed (re-imports)
    GET /api/v1/catalogue                 key-area catalogue entries (基层政务公开标准目录)
    GET /api/v1/annual-stats              published annual statistics (gongkai.annual-stats/1)
    GET /api/v1/openapi.json              the OpenAPI 3.1 document
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from importlib import resources

from django.http import Http404, StreamingHttpResponse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gongkai.core.cursor import InvalidCursor
from gongkai.core.errors import GongkaiError
from gongkai.web.registry import bulk

from . import http, representation, schemas, selectors

STATS_SCHEMA = "AnnualStats"
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        doc = super().get_openapi_schema(*args, **kwargs)
        shipped = json.loads(resources.files("gongkai.core.stats").joinpath("annual-stats.schema.json")
                             .read_text(encoding="utf-8"))
        shipped.pop("$schema", None)
        shipped.pop("$id", None)
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        components[STATS_SCHEMA] = shipped
        entry = components.get("AnnualStatsEntry")
        if entry:
            entry["properties"]["stats"] = {"$ref": f"#/components/schemas/{STATS_SCHEMA}",
                                            "description": "gongkai.annual-stats/1 统计数据（与 gongkai schema 输出的 JSON Schema 相同）"}
        return doc


api = OpenDataAPI(
    title="gongkai 政府信息公开开放数据接口",
    version="1",
    description="只读的公开数据：已公开的政府信息、机关名录、基层政务公开标准目录和年度报告统计数据。"
                "分页用 next 链接（游标），支持 ETag/If-None-Match 条件请求。",
    urls_namespace="api",
    docs_url=None,  # no Swagger UI: it loads scripts from a CDN (CSP); the document is at openapi.json
    openapi_url=None,  # served by `openapi_document` below: UTF-8, ETag and CORS like every other response
)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    names = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path")]
        names.append(".".join(loc) or "?")
    return http.error(400, "invalid_parameter", f"请求参数不正确：{'、'.join(dict.fromkeys(names))}。")


@api.exception_handler(InvalidCursor)
def _bad_cursor(request, exc):
    return http.error(400, exc.code, exc.message)


@api.exception_handler(selectors.NotFound)
def _not_found(request, exc):
    return http.error(404, exc.code, exc.message)


@api.exception_handler(GongkaiError)
def _gongkai(request, exc):
    return http.error(400, exc.code, exc.message)


@api.exception_handler(Http404)
def _http404(request, exc):
    return http.error(404, "not_found", "未找到。")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return http.error(exc.status_code, "http_error", str(exc))


def _limited(view):
    """Count the request against the client's per-minute limit first (functools.wraps keeps the signature
    ninja reads the parameters from)."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        refused = http.rate_limited(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)
    return wrapped


def _next_url(request, cursor: str | None) -> str | None:
    if not cursor:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _page_response(request, qs, *, kind: str, cursor: str | None, limit: int, render):
    """One page of a list. No Last-Modified on lists: a withdrawal removes a row without touching the rows
    left on the page, so only the ETag (over the body) tells a list changed."""
    page = selectors.page(qs, kind=kind, cursor=cursor, limit=limit)
    nxt = _next_url(request, page.next_cursor)
    payload = {"data": [render(request, r) for r in page.rows], "next": nxt, "next_cursor": page.next_cursor}
    return http.respond(request, payload, link_next=nxt)


LIMIT = Query(selectors.DEFAULT_LIMIT, ge=1, le=selectors.MAX_LIMIT, description="每页条数（1–200，默认 50）")
CURSOR = Query(None, description="上一页响应中的 next_cursor（不透明字符串）")
UPDATED_SINCE = Query(None, description="只列出此时间（ISO 8601，带时区）以后更新的信息")


@api.get("/items", response={200: schemas.ItemPage, **ERRORS}, tags=["items"], summary="已公开的政府信息列表")
@_limited
def items(request,
          agency: str | None = Query(None, description="发布机构代码"),
          subtree: bool = Query(False, description="为 1 时包括该机构的全部下属机关"),
          genre: str | None = Query(None, description="体裁代码，如 normative"),
          subject: str | None = Query(None, description="主题分类代码；两位的大类包括其下的小类"),
          year: int | None = Query(None, description="发布年份"),
          validity: str | None = Query(None, description="有效性代码：valid、expired、repealed、amended"),
          channel: str | None = Query(None, description="公开渠道代码，如 portal、gazette"),
          updated_since: datetime | None = UPDATED_SINCE,
          index_no: str | None = Query(None, description="按索引号精确查找"),
          cursor: str | None = CURSOR, limit: int = LIMIT):
    """按发布日期从新到旧（同日按 id 从大到小）排列；已撤回的信息不在列表中。"""
    qs = selectors.items(agency=agency, subtree=subtree, genre=genre, subject=subject, year=year,
                         validity=validity, channel=channel, updated_since=updated_since, index_no=index_no)
    return _page_response(request, qs, kind="items", cursor=cursor, limit=limit, render=representation.item)


@api.get("/items/{int:item_id}", response={200: schemas.Item, 404: schemas.Error, 410: schemas.Withdrawn,
                                       429: schemas.Error}, tags=["items"], summary="一条政府信息")
@_limited
def item(request, item_id: int):
    """已撤回的信息返回 410，附撤回日期和原因。"""
    obj = selectors.item_for_detail(item_id)
    if obj is None:
        return http.error(404, "not_found", "该政府信息不存在或尚未公开。")
    if obj.state == "withdrawn":
        day = obj.withdrawn_on.isoformat() if obj.withdrawn_on else ""
        return http.error(410, "withdrawn", f"该政府信息已于{day}撤回：{obj.withdrawn_reason}",
                          withdrawn_on=obj.withdrawn_on, reason=obj.withdrawn_reason, index_no=obj.index_no)
    return http.respond(request, representation.item(request, obj), last_modified=obj.updated_at)


@api.get("/agencies", response={200: schemas.AgencyPage, **ERRORS}, tags=["agencies"], summary="机关名录")
@_limited
def agencies(request,
             parent: str | None = Query(None, description="上级机关代码：只列出其直属下级"),
             level: str | None = Query(None, description="级别：region、government、department、office"),
             under: str | None = Query(None, description="机关代码：列出该机关及其全部下属机关"),
             cursor: str | None = CURSOR, limit: int = LIMIT):
    """按机关代码排序。只含公开字段，不含工作人员信息。"""
    qs = selectors.agencies(parent=parent, level=level, under=under)
    return _page_response(request, qs, kind="agencies", cursor=cursor, limit=limit, render=representation.agency)


@api.get("/agencies/{str:code}", response={200: schemas.Agency, 404: schemas.Error, 429: schemas.Error},
         tags=["agencies"], summary="一个机关")
@_limited
def agency(request, code: str):
    obj = selectors.agencies().filter(code=code).first()
    if obj is None:
        return http.error(404, "not_found", f"机关代码“{code}”不存在。")
    return http.respond(request, representation.agency(request, obj))


def _export(request, code: str, fmt: str):
    obj = selectors.agencies().filter(code=code).first()
    if obj is None:
        return http.error(404, "not_found", f"机关代码“{code}”不存在。")
    if fmt == "csv":
        response = StreamingHttpResponse(bulk.export_csv(obj), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{code}-items.csv"'
    else:
        response = StreamingHttpResponse(bulk.export_jsonl(obj), content_type="application/jsonl; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{code}-items.jsonl"'
    response["Cache-Control"] = "public, max-age=300"
    return http.cors(response)


_EXPORT_DOC = {"200": {"description": "导出文件（列与 gongkai items import 相同，可再导入）"}}


@api.get("/agencies/{str:code}/items.csv", response={404: schemas.Error, 429: schemas.Error}, tags=["export"],
         summary="导出机关的全部已公开信息（CSV，UTF-8 带 BOM，中文表头）",
         openapi_extra={"responses": {"200": {"description": "CSV 文件（列与 gongkai items import 相同，可再导入）",
                                               "content": {"text/csv": {"schema": {"type": "string"}}}}}})
@_limited
def export_csv(request, code: str):
    return _export(request, code, "csv")


@api.get("/agencies/{str:code}/items.jsonl", response={404: schemas.Error, 429: schemas.Error}, tags=["export"],
         summary="导出机关的全部已公开信息（JSON Lines，英文键名和代码）",
         openapi_extra={"responses": {"200": {"description": "每行一个 JSON 对象（键与 gongkai items import 的英文列名相同）",
                                               "content": {"application/jsonl": {"schema": {"type": "string"}}}}}})
@_limited
def export_jsonl(request, code: str):
    return _export(request, code, "jsonl")


@api.get("/catalogue", response={200: schemas.CataloguePage, **ERRORS}, tags=["catalogue"],
         summary="基层政务公开标准目录事项")
@_limited
def catalogue(request,
              agency: str | None = Query(None, description="机关代码"),
              subtree: bool = Query(False, description="为 1 时包括下属机关"),
              area: str | None = Query(None, description="试点领域代码 k01–k26"),
              cursor: str | None = CURSOR, limit: int = LIMIT):
    qs = selectors.catalogue(agency=agency, subtree=subtree, area=area)
    return _page_response(request, qs, kind="catalogue", cursor=cursor, limit=limit,
                          render=representation.catalogue_entry)


@api.get("/annual-stats", response={200: schemas.AnnualStatsPage, **ERRORS}, tags=["annual-stats"],
         summary="已发布的政府信息公开工作年度报告统计数据")
@_limited
def annual_stats(request,
                 agency: str | None = Query(None, description="机关代码"),
                 subtree: bool = Query(False, description="为 1 时包括下属机关"),
                 year: int | None = Query(None, description="报告年度"),
                 scope: str | None = Query(None, description="agency 或 subtree"),
                 cursor: str | None = CURSOR, limit: int = LIMIT):
    """每个已发布版本一条（更正后的新版本另列一条），stats 符合 gongkai.annual-stats/1。"""
    qs = selectors.annual_reports(agency=agency, subtree=subtree, year=year, scope=scope)
    return _page_response(request, qs, kind="annual-stats", cursor=cursor, limit=limit,
                          render=representation.annual_stats)




@api.get("/openapi.json", include_in_schema=False)
@_limited
def openapi_document(request):
    """The OpenAPI 3.1 document of this API."""
    return http.respond(request, api.get_openapi_schema(), max_age=300)


@api.get("/{path:rest}", include_in_schema=False)
def unknown(request, rest: str):
    """Any other path under /api/v1/: a JSON 404 rather than the site's HTML page."""
    return http.error(404, "not_found", "没有这个接口：请查阅 /api/v1/openapi.json。")
