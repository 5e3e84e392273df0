"""What the engagement records and the message boxes say of one agency (or a region) in one year: the facts the
annual report (statistics `responses`/`capacity`, section 一), the 政府网站工作年度报表, the dashboards and the
assessment read. Counted by the database in gongkai.web.engagement.stats; pure here so the narrative and the
website report form can be tested without one.

    EngagementYear            the counts, with to_json/from_json (stored with a built report)
    average_workdays(pairs, workdays_between) -> float | None    mean reply time in working days
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date

# Record kinds (gongkai.web.engagement.models.RECORD_KINDS) and the count each one feeds.
KIND_COUNTS = {
    "press_conference": "press_conferences",
    "online_interview": "online_interviews",
    "hotspot_response": "hotspot_responses",
    "meeting": "meetings",
    "training": "trainings",
}


@dataclass
class EngagementYear:
    year: int
    press_conferences: int = 0
    online_interviews: int = 0
    hotspot_responses: int = 0
    meetings: int = 0
    trainings: int = 0
    trainees: int = 0  # the trainings' participants (人次)
    messages_received: int = 0  # every message received in the year
    messages_valid: int = 0  # less those marked invalid (spam, duplicates, abuse)
    messages_answered: int = 0  # valid messages of the year with a reply
    messages_answered_in_time: int = 0  # replied on or before the box's due date
    messages_average_workdays: float | None = None  # received → replied, working days; None without replies
    messages_published: int = 0  # question and reply published

    @property
    def records(self) -> int:
        return sum(getattr(self, f) for f in KIND_COUNTS.values())

    @property
    def empty(self) -> bool:
        return not (self.records or self.messages_received)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping | None) -> EngagementYear | None:
        if not data:
            return None
        avg = data.get("messages_average_workdays")
        return cls(year=int(data["year"]), **{k: int(data.get(k) or 0) for k in _INT_FIELDS},
                   messages_average_workdays=float(avg) if avg is not None else None)


_INT_FIELDS = ("press_conferences", "online_interviews", "hotspot_responses", "meetings", "trainings", "trainees",
               "messages_received", "messages_valid", "messages_answered", "messages_answered_in_time",
               "messages_published")


def average_workdays(pairs: Iterable[tuple[date, date, int]], workdays_between: Callable[[date, date], int]
                     ) -> float | None:
    """The mean of working days from receipt to reply over (received_on, replied_on, how many) triples, to
    one decimal; a reply on the day of receipt counts 0 days. None when there is no reply."""
    total = n = 0
    for received, replied, count in pairs:
        total += max(0, workdays_between(received, replied)) * count
        n += count
    if not n:
        return None
    return round(total / n, 1)


def fill_stats(stats, facts: EngagementYear | None, *, interpretations: int | None = None) -> None:
    """Set the statistics' `responses` and `capacity` from the records of the year. Without any record or
    message of the year (`facts.empty`) nothing is stated: the agency keeps no records here, and a 0 would
    claim what nobody counted. `interpretations` is the registry's 政策解读 count of the year (None when the
    registry holds no data): the records have no interpretation of their own."""
    if interpretations is not None:
        stats.set("/responses/interpretations", int(interpretations))
    if facts is None or facts.empty:
        return
    for key in ("press_conferences", "online_interviews", "hotspot_responses"):
        stats.set(f"/responses/{key}", getattr(facts, key))
    for key in ("meetings", "trainings", "trainees"):
        stats.set(f"/capacity/{key}", getattr(facts, key))
