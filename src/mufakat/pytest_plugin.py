"""pytest plugin loaded with `-p mufakat.pytest_plugin` (see pyproject.toml), before pytest-django
reads the settings: the suite runs in production mode (DEBUG off) with a throwaway secret, as close
as possible to how mufakat is deployed. Never imported by the application itself."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_COOKIES", "false")
