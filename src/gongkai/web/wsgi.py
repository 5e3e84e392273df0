"""The WSGI application (`gongkai serve`, or `gunicorn gongkai.web.wsgi:application`).

A setting that stops start-up (GONGKAI_SECRET_KEY missing in production, a malformed value) is printed as
one line on stderr, not as a traceback, and the process exits with status 4: gunicorn's "app failed to load",
on which its arbiter stops instead of booting the same failing worker again and again.
"""

import os
import sys

from django.core.wsgi import get_wsgi_application

from gongkai.web.env import SettingError

# Files this server creates are its user's only (docs/privacy.md); the settings set it again for every process.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
try:
    application = get_wsgi_application()
except SettingError as exc:
    print(f"gongkai: {exc}", file=sys.stderr, flush=True)
    sys.exit(4)
