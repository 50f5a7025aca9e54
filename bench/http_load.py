"""Requests per second over HTTP: gunicorn with the project's config on loopback, and a load generator.

wrk is used when it is installed (or can be: Debian's package, as root); otherwise a small
Python keep-alive client. Every run is bounded by a duration and a number of requests.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Counts answers other than 200 and stops the (single) thread after BENCH_MAX_REQUESTS.
WRK_SCRIPT = """
local limit = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")
local count = 0
local threads = {}
bad = 0  -- a global: done() reads it from each thread

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  count = count + 1
  if status ~= 200 then bad = bad + 1 end
  if limit > 0 and count >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local others = 0
  for _, thread in ipairs(threads) do others = others + thread:get("bad") end
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d not200=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), others,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    not_ok: int  # answers other than 200, and socket errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @classmethod
    def combined(cls, loads: list[Load]) -> Load:
        """Several runs of one page as one: their requests over their time, the median p50, the worst p99."""
        p50 = sorted(load.p50_ms for load in loads)[len(loads) // 2]
        return cls(
            sum(load.requests for load in loads),
            sum(load.seconds for load in loads),
            p50,
            max(load.p99_ms for load in loads),
            sum(load.not_ok for load in loads),
        )


def wrk_available(install: bool) -> str | None:
    """The path of wrk; installed from Debian's package when allowed, missing and running as root."""
    found = shutil.which("wrk")
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing: installing Debian's package", file=sys.stderr)

    def apt(*args: str) -> bool:
        return subprocess.run(["apt-get", *args], capture_output=True, check=False).returncode == 0

    if not apt("install", "-y", "-q", "wrk"):
        apt("update", "-q")
        apt("install", "-y", "-q", "wrk")
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with netwizard/gunicorn.conf.py, DEBUG off, on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int | None, log: Path):
        self.port = free_port()
        self.env = {**env, "NETWIZARD_BIND": f"127.0.0.1:{self.port}"}
        if workers:
            self.env["NETWIZARD_WORKERS"] = str(workers)
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "netwizard.wsgi:application",
            "--config",
            str(ROOT / "netwizard" / "gunicorn.conf.py"),
            # Worker recycling would restart workers mid-run and reset their peak memory.
            "--max-requests",
            "0",
            "--chdir",
            str(ROOT),
        ]
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            if len(self.workers()) >= int(self.env.get("NETWIZARD_WORKERS", "1")):
                try:
                    status, _ = get(self.port, "/accounts/login/", "")
                    if status == 200:
                        return self
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 30 s; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def peak_memory_mib(self) -> dict[int, float]:
        """VmHWM (peak resident set) of each worker, in MiB."""
        peaks = {}
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if found:
                peaks[pid] = int(found.group(1)) / 1024
        return peaks


def get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def run_wrk(
    wrk: str, port: int, path: str, cookie: str, *, seconds: float, max_requests: int, connections: int
) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", script.name]
        command += [*(["-H", f"Cookie: {cookie}"] if cookie else []), f"http://127.0.0.1:{port}{path}"]
        env = {**os.environ, "BENCH_MAX_REQUESTS": str(max_requests)}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=seconds + 60, check=False)
    finally:
        os.unlink(script.name)
    found = re.search(
        r"BENCH requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) not200=(\d+) socket_errors=(\d+)",
        done.stdout,
    )
    if not found:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    requests, duration, p50, p99, bad, errors = (int(x) for x in found.groups())
    return Load(requests, duration / 1e6, p50 / 1000, p99 / 1000, bad + errors)


def run_python(port: int, path: str, cookie: str, *, seconds: float, max_requests: int, connections: int) -> Load:
    """A keep-alive client per thread; gunicorn's sync workers close each connection, so it reconnects."""
    lock = threading.Lock()
    latencies: list[float] = []
    state = {"sent": 0, "bad": 0}
    deadline = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if state["sent"] >= max_requests:
                    break
                state["sent"] += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            with lock:
                latencies.append(time.perf_counter() - start)
                state["bad"] += not ok
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0.0

    return Load(len(latencies), elapsed, percentile(50), percentile(99), state["bad"])
