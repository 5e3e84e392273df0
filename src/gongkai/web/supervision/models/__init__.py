"""The supervision app's models, one module per room: the website monitor, the own-platform and new-media
checks, the website annual report form, the assessment. Each module's models are imported here so Django
finds them."""

from .newmedia import NewMediaAccount, NewMediaObservation  # noqa: E402
from .platform import PlatformCheckRun  # noqa: E402

__all__ = ["NewMediaAccount", "NewMediaObservation", "PlatformCheckRun"]
