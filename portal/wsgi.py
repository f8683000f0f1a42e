"""The WSGI entry point of gunicorn: production settings unless DJANGO_SETTINGS_MODULE says
otherwise, so a server started without it never shows debug pages."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()
