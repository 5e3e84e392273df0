"""Every database test runs on a fixed, known day, whatever the machine's date.

The services take "today" from the clock when a caller gives no date (a staff form left on its default, the
applicant's online correction, a rate-limit window), while the test data is dated: applications received in
2026, letters issued on given days. So the clock is moved to `TEST_NOW` for the whole `tests/web` package, and
keeps ticking from there (durations still pass). A test that needs another day moves it with time-machine's
`time_machine` fixture (`time_machine.move_to(...)`), which returns here afterwards.

CI runs the suite again with the system date 400 days ahead and 400 days back (libfaketime): the tests here
must not notice.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday of an ordinary working week, after every dated record the tests and the demo region create.
TEST_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
TEST_TODAY = TEST_NOW.date()


@pytest.fixture(scope="package", autouse=True)
def _known_today():
    with time_machine.travel(TEST_NOW, tick=True):
        yield
