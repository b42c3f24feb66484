"""The ASGI application `mufakat serve` runs under uvicorn: every page and the API as before (Django runs the
synchronous views in threads), and the live stream (an async view) on the event loop."""

import gc
import os

from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
application = get_asgi_application()

if settings.DEBUG:
    # Static files straight from the apps under DEBUG, as `runserver` does (production: whitenoise).
    application = ASGIStaticFilesHandler(application)

# As in wsgi.py: what is loaded by now lives as long as the process; keep the collector from walking it.
gc.freeze()
