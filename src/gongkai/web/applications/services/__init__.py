"""Every write to an application. Views, the admin, the CLI, the demo loader and background jobs call only these.

    application_submit(agency=, data=, attachments=, idempotency_key=, now=)      public online form
    application_register(agency=, data=, channel=, actor=, submitted_at=, received_on=)   staff intake
    application_confirm_receipt(application=, actor=, on=)                        art. 31 confirmation
    application_assign / request_correction / receive_correction / correction_lapsed
    application_start_consultation / end_consultation / extend / charge_fee / fee_paid / fee_lapsed
    application_decide / approve_decision / return_decision / reply_issue / deliver / archive
    application_set_reply_period                                                   art. 35 reasonable period
    letter_issue(letter=, actor=, on=, delivered_on=, channel=) / letter_record_delivery(letter=, ...)
    letter_update_draft(letter=, actor=, paragraphs=, basis=, reasons=)
    review_case_record(application=, actor=, ...) / review_case_update(case=, actor=, ...)
    calendar_year_load(data=, actor=)                                             a new holiday notice
    application_anonymise(application=, on=) / anonymise_due(today=) / rotate_keys()   personal data (privacy)

Each is keyword-only and one transaction. A state change locks the application row (SELECT ... FOR UPDATE),
checks the transition against the state machine in gongkai.core.applications.workflow on the *locked* row,
and writes one insert-only ApplicationEvent: so when two staff act on the same application at once, the
second sees the first's result and gets a clear error; nothing is overwritten or lost.

The modules follow the life of an application: `intake` (arts. 29, 31), `handling` (correction,
consultation, extension, decision, delivery, archiving), `fees` (109号), `letters` (sending and delivery),
`cases` (table 四) and `calendar`; `base` holds what they share. Callers use this package's names.
"""

from __future__ import annotations

from .base import APPLICANT, STAFF, SYSTEM, ActionRefused, case_facts
from .calendar import calendar_year_load
from .cases import review_case_record, review_case_update
from .fees import application_charge_fee, application_fee_lapsed, application_fee_paid, items_in_month_before
from .handling import (
    application_approve_decision,
    application_archive,
    application_correction_lapsed,
    application_decide,
    application_deliver,
    application_end_consultation,
    application_extend,
    application_receive_correction,
    application_request_correction,
    application_return_decision,
    application_set_reply_period,
    application_start_consultation,
)
from .intake import (
    ATTACHMENT_KINDS,
    ApplicationInput,
    Upload,
    application_assign,
    application_confirm_receipt,
    application_register,
    application_submit,
    attachment_problems,
    format_tracking_code,
    late_confirmation_warning,
    new_tracking_code,
    normalize_tracking_code,
    too_large_message,
)
from .letters import letter_issue, letter_record_delivery, letter_update_draft, reply_issue
from .privacy import (
    ANONYMISED_NAME,
    NotAnonymisable,
    anonymisation_due,
    anonymise_due,
    application_anonymise,
    retention_cutoff,
    rotate_keys,
    stale_values,
)

__all__ = [
    "APPLICANT",
    "ATTACHMENT_KINDS",
    "ActionRefused",
    "ApplicationInput",
    "STAFF",
    "SYSTEM",
    "Upload",
    "application_approve_decision",
    "application_archive",
    "application_assign",
    "application_charge_fee",
    "application_confirm_receipt",
    "application_correction_lapsed",
    "application_decide",
    "application_deliver",
    "application_end_consultation",
    "application_extend",
    "application_fee_lapsed",
    "application_fee_paid",
    "application_receive_correction",
    "application_register",
    "application_request_correction",
    "application_return_decision",
    "application_set_reply_period",
    "application_start_consultation",
    "application_submit",
    "attachment_problems",
    "calendar_year_load",
    "case_facts",
    "format_tracking_code",
    "items_in_month_before",
    "late_confirmation_warning",
    "letter_issue",
    "letter_record_delivery",
    "letter_update_draft",
    "new_tracking_code",
    "normalize_tracking_code",
    "reply_issue",
    "too_large_message",
    "review_case_record",
    "review_case_update",
    "ANONYMISED_NAME",
    "NotAnonymisable",
    "anonymisation_due",
    "anonymise_due",
    "application_anonymise",
    "retention_cutoff",
    "rotate_keys",
    "stale_values",
]
