"""Public representations of the models: built through the pydantic schemas (schemas.py), so what the API
serves is exactly what its OpenAPI document describes. Only public fields: no staff, no drafts, no
withholding reasons, no review records."""

from __future__ import annotations

from gongkai.core.registry import vocab
from gongkai.web.agencies.models import LEVELS
from gongkai.web.reports.models import SCOPES

from . import links, schemas


def _ref(agency) -> schemas.AgencyRef:
    return schemas.AgencyRef(code=agency.code, name=agency.name)


def _link(request, item) -> schemas.ItemLink | None:
    if item is None:
        return None
    return schemas.ItemLink(id=item.pk, index_no=item.index_no, title=item.title,
                            url=links.item_page(request, item.pk), api_url=links.item_api(request, item.pk))


def item(request, obj) -> dict:
    validity = None
    if vocab.genres().get(obj.genre) and vocab.genres()[obj.genre].has_validity and obj.validity:
        validity = schemas.Validity(code=obj.validity, label=vocab.VALIDITY.get(obj.validity, obj.validity),
                                    since=obj.validity_from)
    art = {**vocab.ART20, **vocab.ART21_CITY_COUNTY, **vocab.ART21_TOWNSHIP}
    out = schemas.Item(
        id=obj.pk, index_no=obj.index_no, title=obj.title, doc_number=obj.doc_number, agency=_ref(obj.agency),
        co_agencies=[_ref(a) for a in sorted(obj.co_agencies.all(), key=lambda a: a.code)],
        written=obj.written_on, published=obj.published_on,
        subject=schemas.CodeLabel(code=obj.subject, label=vocab.subject_label(obj.subject)),
        genre=schemas.CodeLabel(code=obj.genre, label=vocab.genre_label(obj.genre)),
        validity=validity, effective_from=obj.effective_from,
        channels=[schemas.CodeLabel(code=c, label=vocab.CHANNELS.get(c, c)) for c in obj.channels],
        art20=[schemas.CodeLabel(code=c, label=art.get(c, c)) for c in obj.art20],
        summary=obj.summary, body_html=obj.body_html, body_text=obj.body_text,
        attachments=[schemas.Attachment(name=a.name, size=a.size, content_type=a.content_type,
                                        url=links.attachment_file(request, obj.pk, a.pk))
                     for a in obj.attachments.all()],
        interprets=_link(request, obj.interprets), interpretations=[_link(request, i) for i in obj.interpretations.all()],
        successor=_link(request, obj.successor), version=obj.version, updated_at=obj.updated_at,
        url=links.item_page(request, obj.pk),
    )
    return out.model_dump(mode="json")


def agency(request, obj) -> dict:
    return schemas.Agency(
        code=obj.code, name=obj.name, short_name=obj.short_name,
        level=schemas.CodeLabel(code=obj.level, label=LEVELS.get(obj.level, obj.level)),
        parent=obj.parent.code if obj.parent_id else None, uscc=obj.uscc, org_code=obj.org_code,
        index_code=obj.index_code, active=obj.active,
        disclosure_office=schemas.DisclosureOffice(
            name=obj.office_name_effective, address=obj.address, postcode=obj.postcode, phone=obj.phone,
            fax=obj.fax, email=obj.email, office_hours=obj.office_hours, website=obj.website),
        url=links.agency_page(request, obj.code),
    ).model_dump(mode="json")


def catalogue_entry(request, obj) -> dict:
    return schemas.CatalogueEntry(
        id=obj.pk, agency=_ref(obj.agency), area=schemas.CodeLabel(code=obj.area, label=vocab.KEY_AREAS[obj.area]),
        sort=obj.sort, first_level=obj.first_level, second_level=obj.second_level, content=obj.content,
        basis=obj.basis, time_limit=obj.time_limit, responsible=obj.responsible, channels=list(obj.channels),
        audience=obj.audience, method=obj.method, level=obj.level,
    ).model_dump(mode="json")


def annual_stats(request, obj) -> dict:
    return schemas.AnnualStatsEntry(
        id=obj.pk, agency=_ref(obj.agency), year=obj.year,
        scope=schemas.CodeLabel(code=obj.scope, label=SCOPES.get(obj.scope, obj.scope)), version=obj.version,
        published_at=obj.published_at, stats=obj.stats,
    ).model_dump(mode="json")
