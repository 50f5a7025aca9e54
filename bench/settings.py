"""netwizard's own settings plus one bare view (`/bench/ok`), for the benchmarks only.

Everything else, middleware included, is what production runs, so the bare view
measures the fixed cost every page pays.
"""

import os

from netwizard.settings import *  # noqa: F403
from netwizard.settings import STATIC_ROOT

ROOT_URLCONF = "bench.urls"
# The benchmark collects static files into its own temporary folder.
STATIC_ROOT = os.environ.get("NETWIZARD_BENCH_STATIC_ROOT", STATIC_ROOT)
# The benchmark measures what serving a download costs; the per-user limit is policy, not cost.
NETWIZARD_DOWNLOADS_PER_MINUTE = 10**9
