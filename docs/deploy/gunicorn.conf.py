"""gunicorn's settings for the portal (systemd's portal.service and CI's .ci/stack use it):
gunicorn -c docs/deploy/gunicorn.conf.py portal.wsgi"""

import gc
import multiprocessing
import os

# A Unix socket nginx proxies to (or 127.0.0.1:PORT): never a public address.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/portal/gunicorn.sock")
# Synchronous workers, each a process: 2 per core plus one, unless said otherwise.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A request longer than this is killed and logged (exports of large reports take a few seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Recycle workers now and then, so that a slow leak never grows — far apart: pages served from
# the page cache take a few milliseconds, and 2,000 ± 200 restarted every worker at the same
# minute under load (each new worker takes seconds to import the portal; requests queued meanwhile).
max_requests = 20000
max_requests_jitter = 10000
# Access and error logs to stdout/stderr: journald keeps them (journalctl -u portal).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'
errorlog = "-"
forwarded_allow_ips = "127.0.0.1,::1"


def post_worker_init(worker):
    """What the worker has loaded (Django, Wagtail, the portal: some 300,000 objects that live as
    long as it does) is moved out of the garbage collector's sight, so that a full collection
    scans only what requests made since: shorter pauses in the middle of a request."""
    gc.freeze()
