"""gunicorn for the example site: `gunicorn -c gunicorn.conf.py example_site.wsgi` in example_site/.

Every value can be changed by an environment variable (GUNICORN_*), so the systemd unit and the
smoke pass (tests/production/stack.py) use this one file. docs/deployment.md explains the sizing.
"""

import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Listen on loopback only: the reverse proxy (nginx, Apache, the load balancer) terminates TLS and
# forwards here. A unix socket works too: GUNICORN_BIND=unix:/run/participation/gunicorn.sock
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Workers are processes: each holds the whole site in memory (about 150-250 MB) and serves one
# request at a time per thread. Pages are mostly database and template work, so 2 per core (the
# classic 2 x cores + 1 is for spare memory) is a safe start; measure with bench/ before raising it.
workers = env_int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
# Threads let one worker wait for PostgreSQL or Redis on one request while serving another. Each
# thread keeps its own database connection (CONN_MAX_AGE), so workers x threads must stay below
# PostgreSQL's max_connections, with room for the task worker, cron and the admin's shell.
threads = env_int("GUNICORN_THREADS", 2)

# A request still running after `timeout` seconds has its worker killed and restarted (the resident
# gets a 502 from the proxy). 30 s is far above any page of this site; XLSX exports run in the task
# worker, not in a request. On SIGTERM (systemctl stop/restart) workers finish their requests for
# up to `graceful_timeout` seconds.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection from the proxy stays open; above the proxy's own idle
# timeout is pointless, below it costs a reconnect.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Restart each worker after about this many requests (jitter spreads the restarts), which bounds
# any slow memory growth; 0 turns it off.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# The heartbeat file lives in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Trust X-Forwarded-Proto (and X-Forwarded-For) only from the proxy. Django also reads the scheme
# from SECURE_PROXY_SSL_HEADER; both must see the same proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Both logs to stdout/stderr, where systemd's journal (or the container runtime) collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No client address, no query string, no referrer or user agent: nothing that identifies a resident.
# Method, path, status, response size and time in milliseconds.
access_log_format = 'method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s ms=%(M)s'

# gunicorn's control socket (`gunicornc`: worker status, graceful reload). Its default path is one per
# user ($XDG_RUNTIME_DIR or ~/.gunicorn), so two sites under one user need their own; systemd's
# RuntimeDirectory gives one (deploy/participation-web.service).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
