import os

from django.core.wsgi import get_wsgi_application

# Files this server creates are its user's only (docs/privacy.md); the settings set it again for every process.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
application = get_wsgi_application()
