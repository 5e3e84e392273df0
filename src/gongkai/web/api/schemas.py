"""The API's response shapes (pydantic, through django-ninja): they are the OpenAPI document's components,
and every response is built through them, so what is served is what is documented."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    code: str = Field(description="机器可读的英文错误代码，例如 not_found、invalid_parameter、withdrawn")
    message: str = Field(description="中文错误说明")


class Withdrawn(Error):
    withdrawn_on: date | None = Field(description="撤回日期")
    reason: str = Field(description="撤回原因")
    index_no: str | None


class CodeLabel(Schema):
    code: str
    label: str


class AgencyRef(Schema):
    code: str
    name: str


class Validity(Schema):
    code: str
    label: str
    since: date | None = Field(description="有效性变更日期（有效的为施行或成文日期，可能为空）")


class Attachment(Schema):
    name: str
    size: int = Field(description="字节数")
    content_type: str
    url: str


class ItemLink(Schema):
    id: int
    index_no: str | None
    title: str
    url: str
    api_url: str


class Item(Schema):
    id: int
    index_no: str | None = Field(description="索引号")
    title: str = Field(description="标题")
    doc_number: str = Field(description="文号，可能为空")
    agency: AgencyRef = Field(description="发布机构")
    co_agencies: list[AgencyRef] = Field(description="联合发布机构")
    written: date | None = Field(description="成文日期")
    published: date | None = Field(description="发布日期")
    subject: CodeLabel = Field(description="主题分类")
    genre: CodeLabel = Field(description="体裁")
    validity: Validity | None = Field(description="有效性；不标注有效性的体裁为 null")
    effective_from: date | None = Field(description="施行日期")
    channels: list[CodeLabel] = Field(description="公开渠道")
    art20: list[CodeLabel] = Field(description="条例第二十条、第二十一条规定的主动公开事项")
    summary: str = Field(description="内容概述")
    body_html: str = Field(description="正文（已净化的 HTML）")
    body_text: str = Field(description="正文纯文本（由正文 HTML 提取，供检索和摘要使用）")
    attachments: list[Attachment]
    interprets: ItemLink | None = Field(description="本信息（政策解读）所解读的政策文件")
    interpretations: list[ItemLink] = Field(description="解读本文件的政策解读")
    successor: ItemLink | None = Field(description="修改或替代本文件的文件")
    version: int = Field(description="版本号：首次发布为 1，每次更正加 1")
    updated_at: datetime
    url: str = Field(description="门户网站上的公开页面")


class ItemPage(Schema):
    data: list[Item]
    next: str | None = Field(description="下一页的完整 URL；最后一页为 null")
    next_cursor: str | None


class DisclosureOffice(Schema):
    """The 政府信息公开工作机构 as the 政府信息公开指南 publishes it (empty strings where not set)."""

    name: str
    address: str
    postcode: str
    phone: str
    fax: str
    email: str
    office_hours: str
    website: str


class Agency(Schema):
    code: str = Field(description="机关代码（本系统机关名录中的代码）")
    name: str
    short_name: str
    level: CodeLabel
    parent: str | None = Field(description="上级机关代码")
    uscc: str = Field(description="统一社会信用代码，可能为空")
    org_code: str = Field(description="组织机构代码，可能为空")
    index_code: str = Field(description="索引号使用的机关代码")
    active: bool
    disclosure_office: DisclosureOffice = Field(description="政府信息公开工作机构")
    url: str = Field(description="该机关在政府信息公开平台上的主页")


class AgencyPage(Schema):
    data: list[Agency]
    next: str | None
    next_cursor: str | None


class CatalogueEntry(Schema):
    id: int
    agency: AgencyRef
    area: CodeLabel = Field(description="试点领域（国办发〔2019〕54号的26个领域）")
    sort: int
    first_level: str = Field(description="一级事项")
    second_level: str = Field(description="二级事项")
    content: str = Field(description="公开内容（要素）")
    basis: str = Field(description="公开依据")
    time_limit: str = Field(description="公开时限")
    responsible: str = Field(description="公开主体")
    channels: list[str] = Field(description="公开渠道和载体")
    audience: str = Field(description="公开对象")
    method: str = Field(description="公开方式")
    level: str = Field(description="公开层级")


class CataloguePage(Schema):
    data: list[CatalogueEntry]
    next: str | None
    next_cursor: str | None


class AnnualStatsEntry(Schema):
    id: int
    agency: AgencyRef
    year: int
    scope: CodeLabel = Field(description="agency：本机关；subtree：本机关及下属机关（汇总）")
    version: int = Field(description="版本：更正后发布的新版本加 1")
    published_at: datetime | None
    # The OpenAPI document replaces this with a $ref to the shipped annual-stats schema (views.OpenDataAPI).
    stats: dict = Field(description="gongkai.annual-stats/1 统计数据")


class AnnualStatsPage(Schema):
    data: list[AnnualStatsEntry]
    next: str | None
    next_cursor: str | None
