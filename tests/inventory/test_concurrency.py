"""16 writer processes on one SQLite file: nobody sees "database is locked", no update is lost."""

import json
import os
import subprocess
import sys
import time

from tests.conftest import ROOT

WRITERS = 16
WRITES_EACH = 10

WORKER = """
import json, os, sys, time
import django

django.setup()
from netwizard.inventory import services
from netwizard.inventory.models import Host

worker, writes, go = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
while not os.path.exists(go):  # start together, so the writers really collide
    time.sleep(0.005)
host = Host.objects.get(name="pve1")
locked, other = 0, []
for i in range(writes):
    try:
        services.interface_create(host=host, name=f"w{worker}n{i}", kind="nic")
    except Exception as error:  # counted, not raised: the test reports every failure
        if "locked" in str(error):
            locked += 1
        else:
            other.append(repr(error))
print(json.dumps({"locked": locked, "other": other}))
"""


def test_sixteen_concurrent_writers_on_sqlite(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "netwizard.settings",
        "NETWIZARD_SQLITE_PATH": str(tmp_path / "nw.sqlite3"),
    }  # no DATABASE_URL: this is about SQLite even when the suite runs on PostgreSQL
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    setup = "from netwizard.inventory import services; services.host_create(name='pve1')"
    subprocess.run([*manage, "shell", "-v", "0", "-c", setup], env=env, check=True, timeout=60)

    script = tmp_path / "writer.py"
    script.write_text(WORKER)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(n), str(WRITES_EACH), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    time.sleep(2)  # let every process finish django.setup()
    go.touch()
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    assert sum(r["locked"] for r in results) == 0
    assert [e for r in results for e in r["other"]] == []
    count = (
        "from netwizard.inventory.models import Host; h = Host.objects.get(); print(h.interfaces.count(), h.version)"
    )
    out = subprocess.run(
        [*manage, "shell", "-v", "0", "-c", count], env=env, check=True, capture_output=True, text=True, timeout=60
    )
    interfaces, version = map(int, out.stdout.split())
    assert interfaces == WRITERS * WRITES_EACH
    assert version == 1 + WRITERS * WRITES_EACH  # every write bumped it once: none was lost
