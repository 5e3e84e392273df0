"""Typed errors raised at the core's boundaries.

Every error carries a user-facing message in Chinese (`message`) and keeps an English `str()` for logs and
the CLI. Third-party exceptions are caught at the boundary and mapped into this hierarchy, so a bad input
always ends in one of these and never in a traceback.
"""

from __future__ import annotations


class GongkaiError(Exception):
    """Base class. `code` is stable and machine-readable; `message` is shown to users."""

    code = "error"
    default_message = "处理失败。"

    def __init__(self, detail: str = "", *, message: str | None = None):
        self.detail = detail
        self.message = message or self.default_message
        super().__init__(detail or self.code)

    def __str__(self) -> str:  # English for logs and the CLI
        return f"{self.code}: {self.detail}" if self.detail else self.code


# --- reading documents -------------------------------------------------------------------------------

class ReadError(GongkaiError):
    code = "read_error"
    default_message = "无法读取该文件。"


class EmptyDocument(ReadError):
    code = "empty"
    default_message = "文件为空，没有可读取的内容。"


class DocumentTooLarge(ReadError):
    code = "too_large"
    default_message = "文件过大，超过允许的上限。"


class UnsupportedFormat(ReadError):
    code = "unsupported_format"
    default_message = "无法识别的文件格式：请上传文本、网页（HTML）、PDF、Word（DOCX）或 Markdown 文件。"


class CorruptDocument(ReadError):
    code = "corrupt"
    default_message = "文件已损坏或不完整，无法打开。"


class EncryptedDocument(ReadError):
    code = "encrypted"
    default_message = "PDF 文件已加密（设置了密码），无法读取。请上传未加密的版本。"


class NoTextLayer(ReadError):
    code = "no_text_layer"
    default_message = "PDF 没有文字层（可能是扫描件），无法读取其中的文字。请上传带文字的版本或文本文件。"


class UnreadablePage(NoTextLayer):
    """Scanned pages on which OCR found no text (blank, noise, a photograph), and nothing else readable.

    A kind of NoTextLayer, so callers that handle "no text in this PDF" keep working; its own code and message
    say that OCR was tried and on which pages.
    """

    code = "unreadable_page"
    default_message = "扫描页无法识别：OCR 未能在该页找到文字（可能是空白页、噪点或图片）。"

    def __init__(self, detail: str = "", *, page: int | None = None, pages: list[int] | None = None,
                 message: str | None = None):
        self.pages = pages if pages is not None else ([page] if page is not None else [])
        if message is None and self.pages:
            listed = "、".join(str(p) for p in self.pages[:20])
            message = f"第 {listed} 页是扫描图片，OCR 未能识别出文字（可能是空白页、噪点或图片），无法读取。"
        super().__init__(detail, message=message)


class UndecodableText(ReadError):
    code = "undecodable"
    default_message = "无法识别文件的文字编码，或文件不是文本（可能是二进制文件）。"


class NotAReport(ReadError):
    code = "not_a_report"
    default_message = "该文件看起来不是政府信息公开工作年度报告。"


# --- the clock and fees --------------------------------------------------------------------------------

class ClockError(GongkaiError):
    code = "clock_error"
    default_message = "无法计算期限。"


class CalendarMissing(ClockError):
    code = "calendar_missing"
    default_message = "该年度的法定节假日安排尚未录入。"


class CalendarFileInvalid(ClockError):
    code = "calendar_file_invalid"
    default_message = "节假日安排文件无效。"


class InvalidExtension(ClockError):
    code = "invalid_extension"
    default_message = "延长答复期限须为 1 至 20 个工作日。"


class InvalidPeriod(ClockError):
    code = "invalid_period"
    default_message = "日期或期间无效。"


class FeeError(GongkaiError):
    code = "invalid_fee_units"
    default_message = "件数或页数无效：应为不小于 0 的整数。"


# --- applications ----------------------------------------------------------------------------------------

class ApplicationError(GongkaiError):
    code = "application_error"
    default_message = "政府信息公开申请处理失败。"


class InvalidApplication(ApplicationError):
    """A field of an application is missing or wrong; `field` names it so a form can show the message there."""

    code = "invalid_application"
    default_message = "申请信息填写有误，请核对。"

    def __init__(self, detail: str = "", *, message: str | None = None, field: str | None = None):
        super().__init__(detail, message=message)
        self.field = field


class InvalidTransition(ApplicationError):
    """An action that the workflow does not allow in the application's current state."""

    code = "invalid_transition"
    default_message = "当前状态下不能进行该操作。"


class InvalidLetter(ApplicationError):
    """A letter draft that cannot be read back or composed (unknown kind, malformed JSON)."""

    code = "invalid_letter"
    default_message = "文书内容无效。"
