"""The node's facts in the inventory (issue 17): imported, a renamed NIC found and fixed, names pinned.

The demo host pve1 uses eno1 and eno2 in its bond and eno3 under vmbr0; its NICs carry the
MACs the demo gives them. The node then reports eno3's MAC as enp2s0f0: the done-when of
the issue, end to end through the services and the command line.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from netwizard.inventory import apply_plans, selectors, services
from netwizard.inventory.demo import demo_load, demo_mac
from netwizard.inventory.models import FactsDocument, Host, HostChange
from netwizard.network import pinning
from netwizard.network.interfaces_file import render
from tests.inventory.test_lintinterfaces import lint
from tests.network.test_host_facts import LO
from tests.network.test_rules_nic_facts import nic
from tests.oracles import ifup_complaints

pytestmark = pytest.mark.django_db

ENO3_MAC = demo_mac(3)
HOST_FW = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i eno1 -p tcp -dport 8006\n"


def document(*links: dict, files: dict | None = None) -> str:
    return json.dumps({"netwizard_facts": 1, "hostname": "pve1", "ip_link": [LO, *links], "files": files or {}})


def renamed_node() -> str:
    """pve1 after an upgrade: eno3's NIC is now enp2s0f0."""
    return document(
        nic("eno1", demo_mac(1), 2, master="bond0"),
        nic("eno2", demo_mac(2), 3, master="bond0"),
        nic("enp2s0f0", ENO3_MAC, 4),
        files={"/etc/pve/nodes/pve1/host.fw": HOST_FW},
    )


@pytest.fixture
def pve1() -> Host:
    demo_load()
    return Host.objects.get(name="pve1")


def nic_01(host: Host) -> list:
    return [f for f in selectors.host_review(host=host).findings if f.code == "NIC-01"]


def test_a_renamed_nic_is_named_with_its_new_name_and_the_rename_fixes_the_file(pve1, tmp_path):
    result = services.host_facts_import(host=pve1, data=renamed_node())
    assert [(r.old, r.new, r.mac) for r in result.renamed] == [("eno3", "enp2s0f0", ENO3_MAC)]
    assert result.added == [] and sorted(result.updated) == ["eno1", "eno2"]
    pve1.refresh_from_db()
    (finding,) = nic_01(pve1)
    assert finding.severity == "error" and finding.message.startswith(f"eno3 is now enp2s0f0 (same MAC {ENO3_MAC})")
    assert not pve1.interfaces.filter(name="enp2s0f0").exists()  # the rename is offered, not guessed
    version = pve1.version

    services.host_nics_rename(host=pve1, mapping={"eno3": "enp2s0f0"}, expected_version=version)
    pve1.refresh_from_db()
    assert nic_01(pve1) == [] and pve1.version == version + 1
    text = render(selectors.host_review(host=pve1).network)
    assert "bridge-ports enp2s0f0" in text and "eno3" not in text
    path = tmp_path / "interfaces"
    path.write_text(text)
    assert ifup_complaints(path) == []
    assert HostChange.objects.filter(host=pve1, summary="Renamed NICs: eno3 → enp2s0f0").count() == 1


def test_the_command_line_reports_the_same_finding(pve1, tmp_path):
    services.host_facts_import(host=pve1, data=renamed_node())
    pve1.refresh_from_db()
    path, facts = tmp_path / "pve1.interfaces", tmp_path / "facts.json"
    path.write_text(render(selectors.host_review(host=pve1).network))
    facts.write_text(renamed_node())
    code, out, _ = lint(str(path), "--facts", str(facts), "--format", "json")
    found = [f for f in json.loads(out)["findings"] if f["code"] == "NIC-01"]
    (page,) = nic_01(pve1)
    assert code == 1 and [(f["interface"], f["message"]) for f in found] == [("eno3", page.message)]


def test_importfacts_reports_and_refuses_what_it_cannot_read(pve1, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(renamed_node())
    out = StringIO()
    call_command("importfacts", str(facts), "--host", "pve1", stdout=out)
    assert "2 NICs updated, 0 added" in out.getvalue()
    assert f"eno3 is now enp2s0f0 (same MAC {ENO3_MAC})" in out.getvalue()
    facts.write_text('{"netwizard_facts": 1, "ip_link": [')
    with pytest.raises(CommandError, match=r"is not JSON .* Nothing was imported"):
        call_command("importfacts", str(facts), "--host", "pve1")
    with pytest.raises(CommandError, match="There is no host pve9"):
        call_command("importfacts", str(facts), "--host", "pve9")


def test_a_document_that_cannot_be_read_changes_nothing(pve1):
    before = (pve1.version, list(pve1.interfaces.values_list("name", "mac")))
    for bad in ("{not json", "[1, 2", '{"netwizard_facts": 2, "ip_link": []}', '"just a string"'):
        with pytest.raises(ValidationError):
            services.host_facts_import(host=pve1, data=bad)
    pve1.refresh_from_db()
    assert (pve1.version, list(pve1.interfaces.values_list("name", "mac"))) == before
    assert pve1.facts == {} and not FactsDocument.objects.exists()


def test_nics_the_inventory_lacks_are_added_with_what_the_node_says(pve1):
    extra = nic("enp7s0", "3c:ec:ef:00:00:77", 9, altnames=["enx3cecef000077"], parentbus="pci")
    extra["flags"] = ["BROADCAST", "MULTICAST"]
    services.host_facts_import(host=pve1, data=document(nic("eno3", ENO3_MAC, 4), extra))
    row = pve1.interfaces.get(name="enp7s0")
    assert (row.kind, row.mac, row.bus, row.pci_path, row.altnames, row.link_up) == (
        "nic",
        "3c:ec:ef:00:00:77",
        "pci",
        "0000:09:00.0",
        "enx3cecef000077",
        False,
    )
    assert "iface enp7s0 inet manual" in render(selectors.host_review(host=pve1).network)


def test_pinning_renames_every_nic_and_serves_link_files_that_pass_ifupdown2(pve1, tmp_path):
    services.host_facts_import(host=pve1, data=renamed_node())
    with pytest.raises(ValidationError, match="Rename the NICs NIC-01 reports first"):
        services.host_nic_names_pin(host=pve1)
    services.host_nics_rename(host=pve1, mapping={"eno3": "enp2s0f0"})
    pve1.refresh_from_db()
    pinned = services.host_nic_names_pin(host=pve1)
    assert pinned.mapping == {"eno1": "nic0", "eno2": "nic1", "enp2s0f0": "nic2"}
    assert [link.text for link in pinned.link_files] == [
        f"[Match]\nMACAddress={mac}\nType=ether\n\n[Link]\nName=nic{n}\n"
        for n, mac in enumerate([demo_mac(1), demo_mac(2), ENO3_MAC])
    ]
    assert pinned.firewall_lines == ["IN ACCEPT -i eno1 -p tcp -dport 8006"]
    pve1.refresh_from_db()
    review = selectors.host_review(host=pve1)
    assert pinning.planned_link_files(review.network) == pinned.link_files
    # The node still reports the old names until it reboots: no NIC-01, no NIC-02.
    assert not [f for f in review.findings if f.code.startswith("NIC-")]
    text = render(review.network)
    assert "bond-slaves nic0 nic1" in text and "bridge-ports nic2" in text
    path = tmp_path / "interfaces"
    path.write_text(text)
    assert ifup_complaints(path) == []
    plan = apply_plans.host_apply_plan(host=pve1, review=review, blocked=False)
    assert "50-pve-nic2.link" in plan.text and "ifreload -a" not in plan.text.replace("# ", "")


def test_a_pin_the_node_runs_ends_the_plan(pve1):
    three = [nic("eno1", demo_mac(1), 2), nic("eno2", demo_mac(2), 3), nic("eno3", ENO3_MAC, 4)]
    services.host_facts_import(host=pve1, data=document(*three))
    services.host_nic_names_pin(host=pve1)
    links = {link.path: link.text for link in _planned(pve1)}
    assert len(links) == 3
    rebooted = [nic(f"nic{n}", mac, n + 2) for n, mac in enumerate([demo_mac(1), demo_mac(2), ENO3_MAC])]
    services.host_facts_import(host=pve1, data=document(*rebooted, files=links))
    assert _planned(pve1) == []
    pinned = pve1.interfaces.filter(pin_planned=False, pinned_by__startswith="/usr/local/lib/systemd/network/")
    assert sorted(pinned.values_list("name", flat=True)) == ["nic0", "nic1", "nic2"]


def _planned(host: Host) -> list[pinning.LinkFile]:
    return pinning.planned_link_files(selectors.host_review(host=host).network)


def test_a_rename_onto_a_name_the_file_uses_is_refused(pve1):
    with pytest.raises(ValidationError, match="eno2 is already an interface of pve1"):
        services.host_nics_rename(host=pve1, mapping={"eno3": "eno2"})
    with pytest.raises(ValidationError, match="eno3 would become"):
        services.host_nics_rename(host=pve1, mapping={"eno3": "enp2s0f0np0abcd"[:15] + "x"})


@pytest.mark.parametrize("prefix", ["eth", "enp", "wlan", "x y", "toolongprefix", "0nic"])
def test_a_prefix_the_kernel_could_use_or_outside_the_grammar_is_refused(pve1, prefix):
    services.host_facts_import(host=pve1, data=document(nic("eno1", demo_mac(1), 2)))
    with pytest.raises(ValidationError, match="cannot name pinned NICs"):
        services.host_nic_names_pin(host=pve1, prefix=prefix)


def test_the_admin_may_choose_the_prefix(pve1):
    three = [nic("eno1", demo_mac(1), 2), nic("eno2", demo_mac(2), 3), nic("eno3", ENO3_MAC, 4)]
    services.host_facts_import(host=pve1, data=document(*three))
    assert services.host_nic_names_pin(host=pve1, prefix="lan").mapping == {
        "eno1": "lan0",
        "eno2": "lan1",
        "eno3": "lan2",
    }


EVERY_REFERENCE = """auto lo
iface lo inet loopback

iface eno3 inet manual

auto eno3.100
iface eno3.100 inet static
\taddress 10.0.0.2/24

auto bond0
iface bond0 inet manual
\tbond-slaves eno3 eno9
\tbond-miimon 100
\tbond-mode active-backup
\tbond-primary eno9

auto vmbr0
iface vmbr0 inet static
\taddress 192.0.2.10/24
\tgateway 192.0.2.1
\tbridge-ports bond0 eno9.20
\tbridge-stp off
\tbridge-fd 0

auto eno4
iface eno4 inet manual
\tovs_type OVSPort
\tovs_bridge vmbr1

auto vmbr1
iface vmbr1 inet manual
\tovs_type OVSBridge
\tovs_ports eno4
"""


def test_a_rename_reaches_every_place_that_names_the_nic(tmp_path):
    from netwizard.network.interfaces_file import parse

    host = services.host_import_interfaces(name="pve5", network=parse(EVERY_REFERENCE), text=EVERY_REFERENCE)
    services.host_nics_rename(host=host, mapping={"eno3": "nic0", "eno9": "nic1", "eno4": "nic2"})
    text = render(selectors.host_review(host=Host.objects.get(name="pve5")).network)
    for line in ("iface nic0 inet manual", "auto nic0.100", "bond-slaves nic0 nic1", "bond-primary nic1"):
        assert line in text
    for line in ("bridge-ports bond0 nic1.20", "iface nic2 inet manual", "ovs_ports nic2"):
        assert line in text
    assert "eno" not in text


def test_a_reimported_file_keeps_what_the_node_reported_of_its_nics(pve1):
    from netwizard.network.interfaces_file import parse

    services.host_facts_import(host=pve1, data=document(nic("eno1", demo_mac(1), 2, altnames=["enp1s0f0"])))
    text = render(selectors.host_review(host=pve1).network)
    services.host_reimport(host=pve1, network=parse(text), text=text)
    row = pve1.interfaces.get(name="eno1")
    assert (row.mac, row.altnames, row.link_up, row.pci_path) == (demo_mac(1), "enp1s0f0", True, "0000:02:00.0")
