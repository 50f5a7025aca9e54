"""gunicorn settings for `make serve`; every value can be overridden from the environment."""

import multiprocessing
import os

from netwizard.proxies import trusted_proxies

bind = os.environ.get("NETWIZARD_BIND", "127.0.0.1:8000")
# One worker per core (more only added contention), each with a few threads, so one slow
# request (a large import) does not hold up everyone behind it. Measured on 2 cores with two
# 7,343-interface uploads at once: the login page answered in at most 43-103 ms with threads,
# 2.6 s with sync workers; in exchange, saturated throughput fell by up to a third (bench).
workers = int(os.environ.get("NETWIZARD_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("NETWIZARD_THREADS", "4"))
timeout = int(os.environ.get("NETWIZARD_TIMEOUT", "30"))
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Only a reverse proxy at these addresses may set X-Forwarded-* headers: the list the
# login limits use too (netwizard/proxies.py), empty unless NETWIZARD_FORWARDED_ALLOW_IPS names one.
forwarded_allow_ips = ",".join(trusted_proxies())
accesslog = "-"
errorlog = "-"
