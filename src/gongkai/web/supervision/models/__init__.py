"""The supervision app's models, one module per room: the website monitor, the own-platform and new-media
checks, the website annual report form, the assessment. Each module's models are imported here so Django
finds them."""

from gongkai.web.supervision.models.assessment import (  # noqa: F401
    AssessmentEvent,
    AssessmentPublication,
    AssessmentScore,
    IndicatorSetDraft,
    PublishedAssessmentImmutable,
)
