"""The cluster page with the cluster's own corosync.conf and ceph.conf (issue 18): the upload,
the links laid out per node, the findings, the node-by-node runbook, and facts bringing them."""

from __future__ import annotations

import json
import re

import pytest
from django.utils.html import escape

from netwizard.inventory import selectors, services
from netwizard.inventory.models import ClusterConfiguration, Host
from netwizard.network.interfaces_file import parse
from tests.network.test_cluster_configured import CEPH, DONE_WHEN_FILES, corosync_conf, node_file

pytestmark = pytest.mark.django_db


def cluster(files: dict[int, str]) -> None:
    for number, text in files.items():
        services.host_import_interfaces(name=f"pve{number}", network=parse(text), text=text, cluster="prod")


def test_the_done_when_cluster_on_its_page(admin_client):
    cluster(DONE_WHEN_FILES)
    response = admin_client.post(
        "/clusters/prod/configuration/", {"corosync": corosync_conf({3: "10.20.0.30"})}, follow=True
    )
    page = response.content.decode()
    assert "Stored corosync.conf for cluster prod" in page
    review = selectors.cluster_review(name="prod")
    bond26 = [
        (h, f.interface) for h in ("pve1", "pve2", "pve3") for f in review.review(h).findings if f.code == "BOND-26"
    ]
    assert bond26 == [("pve2", "bond0")]
    assert "BOND-26" in page and "CLUSTER-10" in page
    (missing,) = [f for f in review.findings if f.code == "CLUSTER-10"]
    assert missing.host == "pve3" and "10.20.0.30" in missing.message and escape(missing.message) in page
    # The links laid out per node: pve2's link 0 on vmbr0 over its balance-xor bond, pve3's link 1 nowhere.
    assert "corosync link 0" in page and "corosync link 1" in page
    assert "vmbr0 10.10.10.2/24 · MTU 1500 · bond0 balance-xor" in page
    assert "10.20.0.30: on no interface" in page
    # The host page of pve2 says the same, and its download waits for the fix.
    assert "BOND-26" in admin_client.get("/hosts/pve2/").content.decode()
    assert admin_client.get("/hosts/pve2/interfaces").status_code == 409


def test_an_unreadable_file_is_refused_with_its_line_and_nothing_is_stored(admin_client):
    cluster(DONE_WHEN_FILES)
    response = admin_client.post("/clusters/prod/configuration/", {"corosync": "totem {\n"}, follow=True)
    assert "corosync.conf: line 1:" in response.content.decode()
    assert "Nothing was stored." in response.content.decode()
    assert not ClusterConfiguration.objects.exists()


def test_the_runbook_waits_for_errors_and_then_goes_node_by_node(admin_client):
    cluster(DONE_WHEN_FILES)
    admin_client.post("/clusters/prod/configuration/", {"corosync": corosync_conf({3: "10.20.0.30"})})
    waiting = admin_client.get("/clusters/prod/apply/").content.decode()
    assert "The runbook appears once every node" in waiting and "pve2" in waiting
    good = {n: node_file(n) for n in (1, 2, 3)}
    for number, text in good.items():
        host = Host.objects.get(name=f"pve{number}")
        services.host_reimport(host=host, network=parse(text), text=text)
    admin_client.post("/clusters/prod/configuration/", {"corosync": corosync_conf(), "ceph": CEPH})
    page = admin_client.get("/clusters/prod/apply/").content.decode()
    assert "Node 1 of 3: pve1" in page and "Node 3 of 3: pve3" in page
    assert "ping -M do -s 1472 -c 3 10.10.10.2" in page  # pve1 tests link 0 to pve2
    assert "ping -M do -s 1472 -c 3 10.30.0.3" in page  # and the Ceph network to pve3
    assert page.index("Node 1 of 3: pve1") < page.index("Node 2 of 3: pve2")


def test_facts_bring_corosync_ceph_and_etc_hosts(admin_client):
    cluster({n: node_file(n) for n in (1, 2, 3)})
    files = {
        "/etc/pve/corosync.conf": corosync_conf(),
        "/etc/ceph/ceph.conf": CEPH,
        "/etc/hosts": "127.0.0.1 localhost\n127.0.1.1 pve1.example.org pve1\n",
    }
    document = json.dumps({"netwizard_facts": 1, "hostname": "pve1", "ip_link": [], "files": files})
    services.host_facts_import(host=Host.objects.get(name="pve1"), data=document)
    stored = ClusterConfiguration.objects.get(cluster="prod")
    assert stored.corosync_text == corosync_conf() and stored.ceph_text == CEPH
    review = selectors.cluster_review(name="prod")
    assert [(f.code, f.host) for f in review.findings if f.code == "CLUSTER-18"] == [("CLUSTER-18", "pve1")]
    clauses = {c.topic: c.status for c in review.verdict.clauses}
    assert clauses["Corosync links"] == "agree" and clauses["Ceph networks"] == "agree"


def test_the_bond_question_is_prefilled_from_corosync_conf_and_a_different_answer_is_marked(admin_client):
    cluster(DONE_WHEN_FILES)
    url = "/hosts/pve2/wizard/bond/bond0/"
    assert "corosync.conf runs" not in admin_client.get(url).content.decode()  # no configuration yet
    admin_client.post("/clusters/prod/configuration/", {"corosync": corosync_conf()})
    page = admin_client.get(url).content.decode()
    assert "corosync.conf runs link 0 (vmbr0 10.10.10.2) over this bond." in page
    (yes,) = re.findall(
        r'<input[^>]*name="carries_cluster"[^>]*value="yes"[^>]*>|<input[^>]*value="yes"[^>]*name="carries_cluster"[^>]*>',
        page,
    )
    assert "checked" in yes
    answered_no = admin_client.get(url + "?refresh=1&carries_cluster=no&_changed=carries_cluster").content.decode()
    assert "but corosync.conf runs link 0 (vmbr0 10.10.10.2) over it: the rules follow corosync.conf" in answered_no
