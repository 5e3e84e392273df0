"""Test settings: the production settings module, in development mode with a throwaway data dir."""

import os
import tempfile

os.environ.setdefault("GONGKAI_DEBUG", "1")
os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-test-"))
# Background tasks run in-process: huey executes the real task function where it is enqueued.
os.environ.setdefault("GONGKAI_TASKS_IMMEDIATE", "1")

from gongkai.web.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
