"""Every request gets an id (nginx's X-Request-ID behind the proxy, a fresh one otherwise) that
each log line carries and the response returns, so an error report, a log line and a user's
complaint can be matched."""

import contextvars
import json
import logging
import re
import uuid

from django.conf import settings

request_id = contextvars.ContextVar("request_id", default="-")
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        # Only the configured proxy's headers are believed: anyone reaching gunicorn directly
        # could otherwise pick the address a login lock counts against.
        proxied = (
            settings.BEHIND_PROXY and request.META.get("REMOTE_ADDR") in settings.TRUSTED_PROXIES
        )
        request.id = given if proxied and VALID_ID.match(given) else uuid.uuid4().hex
        if proxied and request.META.get("HTTP_X_REAL_IP"):
            request.META["REMOTE_ADDR"] = request.META["HTTP_X_REAL_IP"]
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestContextFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside requests)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, message, traceback."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
