"""The ASGI application `mufakat serve` runs under uvicorn: every page and the API as before (Django runs the
synchronous views in threads), and the live stream (an async view) on the event loop."""

import gc
import os
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
application: Any = get_asgi_application()

# Under ASGI, Django runs each request's synchronous code (views, middleware) in a thread of its own, so a
# connection kept open for the next request (CONN_MAX_AGE) would be left with a thread that is gone: on
# PostgreSQL, one idle connection more per request until the garbage collector finds it. Each request closes
# its connection instead; on PostgreSQL it goes back to a pool (psycopg-pool), which saves the reconnect.
for database in settings.DATABASES.values():
    database["CONN_MAX_AGE"] = 0
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault("pool", {"min_size": 2, "max_size": 20, "timeout": 10})

# Anonymous GETs of the public bytes this process keeps are answered before Django's request cycle
# (publishing.fastpath.PublicFastPathASGI); everything else goes to Django as before.
from mufakat.publishing.fastpath import PublicFastPathASGI  # noqa: E402 - needs the settings configured above

application = PublicFastPathASGI(application)

if settings.DEBUG:
    # Static files straight from the apps under DEBUG, as `runserver` does (production: whitenoise).
    application = ASGIStaticFilesHandler(application)

# As in wsgi.py: what is loaded by now lives as long as the process; keep the collector from walking it.
gc.freeze()
