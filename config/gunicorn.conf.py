"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Environment: BIND (host:port) or PORT, WEB_CONCURRENCY (workers), GUNICORN_TIMEOUT,
GUNICORN_MAX_REQUESTS, GUNICORN_CONTROL_SOCKET, LOG_LEVEL. config.wsgi defaults to the
production settings.
"""

import multiprocessing
import os
from pathlib import Path


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Behind a reverse proxy on the same host or network; PORT alone listens everywhere.
bind = os.environ.get("BIND") or f"0.0.0.0:{_int('PORT', 8000)}"

# Sync workers: pages are rendered from PostgreSQL and Redis in milliseconds, and each
# worker holds one persistent database connection. 2 x cores + 1, capped so that several
# app servers stay well inside PostgreSQL's max_connections and the memory budget.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))

# Load Django once in the master: a settings error stops the start with its message
# instead of workers failing one by one, and forked workers share the loaded code.
# Deploying new code therefore needs a restart, not a HUP.
preload_app = True

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so slow leaks cannot grow; jitter keeps them from
# restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(max_requests // 10, 1) if max_requests else 0

# Access and error logs to stdout/stderr for the process manager; %(D)s is microseconds.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'

# gunicorn's control socket has one default path per user, which two app servers on one
# host would fight over: off unless GUNICORN_CONTROL_SOCKET names a path for this one.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# Heartbeat files on tmpfs where there is one: a busy disk must not look like a hung worker.
# gunicorn creates them with mkstemp, so a shared directory is fine.
if Path("/dev/shm").is_dir():  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108
