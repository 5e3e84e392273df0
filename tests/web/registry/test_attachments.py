"""Attachments of registry items: scrubbed (gongkai.core.registry.scrub) before they are stored, what was
removed recorded with the attachment, hostile files refused in Chinese with nothing stored."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from django.conf import settings

from gongkai.core.registry.rules import InvalidItem
from gongkai.web.registry import services
from gongkai.web.registry.models import ItemAttachment

from .conftest import POLICY

ON = date(2026, 11, 10)


def _draft(world):
    return services.item_create(agency=world.dept_a, actor=world.alice, fields=dict(POLICY), today=ON)


def _docx_with_author() -> bytes:
    document = docx.Document()
    document.core_properties.author = "张三丰"
    document.core_properties.last_modified_by = "李四光"
    paragraph = document.add_paragraph("为进一步优化营商环境，制定以下措施。")
    document.add_comment(paragraph.runs, text="这句要改", author="李四光", initials="李")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_attachment_is_stored_without_metadata_and_says_what_went(world):
    item = _draft(world)
    attachment = services.attachment_add(item=item, actor=world.alice, name="措施.docx", data=_docx_with_author())
    stored = (Path(settings.MEDIA_ROOT) / attachment.stored_path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(stored)) as z:
        everything = b"".join(z.read(n) for n in z.namelist())
        assert not [n for n in z.namelist() if "comments" in n]
    assert "张三丰".encode() not in everything and "李四光".encode() not in everything
    assert docx.Document(io.BytesIO(stored)).paragraphs[0].text == "为进一步优化营商环境，制定以下措施。"
    assert attachment.size == len(stored)
    assert any("作者" in r for r in attachment.scrubbed) and any("批注" in r for r in attachment.scrubbed)
    assert "优化营商环境" in attachment.text


def test_a_bomb_or_entity_laden_file_is_refused_and_nothing_is_stored(world):
    item = _draft(world)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><cp:coreProperties '
              b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">&a;'
              b'</cp:coreProperties>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_with_author())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, laughs if info.filename == "docProps/core.xml" else src.read(info.filename))
    with pytest.raises(InvalidItem) as err:
        services.attachment_add(item=item, actor=world.alice, name="措施.docx", data=out.getvalue())
    assert err.value.problems["attachments"].startswith("附件“措施.docx”：") and "DTD" in err.value.problems["attachments"]
    assert not ItemAttachment.objects.exists()
