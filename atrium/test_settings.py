"""Settings for the test suite: the real settings plus a test-only kind of record and a fast hasher."""

import os

os.environ.setdefault("ATRIUM_VAR_DIR", os.path.join(os.path.dirname(__file__), os.pardir, "var", "test"))

from atrium.settings import *  # noqa: F403
from atrium.settings import HUEY, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "atrium.testing"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
HUEY = {**HUEY, "immediate": True}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
