"""The supervision app's models, one module per room: the website monitor, the own-platform and new-media
checks, the website annual report form, the assessment. Each module's models are imported here so Django
finds them."""

from .assessment import (  # noqa: F401
    AssessmentEvent,
    AssessmentPublication,
    AssessmentScore,
    IndicatorSetDraft,
    PublishedAssessmentImmutable,
)
from .monitor import (  # noqa: F401
    ColumnObservation,
    MonitorChainHead,
    MonitoredColumn,
    MonitoredSite,
    MonitorEvent,
    SiteCheck,
    SiteVisit,
)
from .newmedia import NewMediaAccount, NewMediaObservation  # noqa: F401
from .platform import PlatformCheckRun  # noqa: F401
from .website_report import WebsiteReport, WebsiteReportEvent  # noqa: F401
