"""A file imported into the inventory comes back out exactly as netwizard would write it."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host, Interface
from netwizard.network.interfaces_file import parse, render
from tests import factories
from tests.conftest import PVE_CORPUS
from tests.examples import examples
from tests.network import strategies

pytestmark = pytest.mark.django_db

CORPUS = PVE_CORPUS
SEED = Path(__file__).resolve().parents[2] / "tests" / "network" / "golden"

# Files whose content the inventory cannot hold, with the row rule they break.
REFUSED = {
    "error.vlan-id-too-big.input.interfaces": "4095",
    "error.vlan-protocol-invalid.input.interfaces": "802.1x",
}


def corpus_files() -> list[Path]:
    if not CORPUS.exists():
        return []
    return sorted(p for p in [*CORPUS.glob("*.interfaces"), *CORPUS.glob("derived/*.interfaces")] if p.stat().st_size)


def round_trip(text: str, name: str = "pve1") -> tuple[str, str]:
    network = parse(text)
    network.hostname = name
    host = services.host_import_interfaces(name=name, network=network)
    return render(selectors.host_network(host=host)), render(network)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_proxmox_sample_survives_the_inventory(path):
    text = path.read_text()
    if path.name in REFUSED:
        with pytest.raises(ValidationError, match=REFUSED[path.name]):
            round_trip(text)
        assert not Host.objects.exists()
        return
    stored, direct = round_trip(text)
    assert stored == direct


def test_reading_a_host_costs_one_query_whatever_its_size():
    small = factories.host_with_network("pve1")
    text = "\n".join(
        f"auto eno{i}\niface eno{i} inet static\n\taddress 10.{i // 250}.{i % 250}.1/24\n" for i in range(300)
    )
    big = services.host_import_interfaces(name="pve2", network=parse(text))
    for host in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            selectors.host_network(host=host)
        assert len(ctx) == 1


def test_reimport_keeps_cabling_and_roles_of_interfaces_that_keep_their_name():
    sw = factories.switch("sw-a")
    host = services.host_import_interfaces(
        name="pve1", network=parse("iface eno1 inet manual\n\niface eno2 inet manual\n")
    )
    eno1 = host.interfaces.get(name="eno1")
    eno1.switch, eno1.switch_port, eno1.speed_mbps, eno1.carries_cluster = sw, "1/1", 25000, True
    services.interface_save(interface=eno1)

    with pytest.raises(ValidationError, match="already exists"):
        services.host_import_interfaces(name="pve1", network=parse("iface eno1 inet manual\n"))
    services.host_import_interfaces(name="pve1", network=parse("iface eno1 inet manual\n"), replace=True)

    nics = Interface.objects.filter(kind="nic")
    assert list(nics.values_list("name", "switch__name", "switch_port", "speed_mbps", "carries_cluster")) == [
        ("eno1", "sw-a", "1/1", 25000, True)
    ]


def test_links_to_interfaces_the_file_lacks_are_kept_by_name():
    # eno1 makes the file the list of the host's NICs: eno7 is not assumed to exist.
    text = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno7 vmbr4.99\n"
    text += "\tbridge-stp off\n\tbridge-fd 0\n"
    stored, direct = round_trip(text)
    assert stored == direct
    assert "bridge-ports eno7 vmbr4.99" in stored
    assert Interface.objects.get(name="vmbr0").unresolved_links == {"ports": ["eno7", "vmbr4.99"]}


def test_a_nic_named_by_a_file_without_nic_stanzas_is_imported_as_a_nic():
    text = "auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno7\n\tbridge-stp off\n\tbridge-fd 0\n"
    stored, direct = round_trip(text)
    assert stored == direct and "iface eno7 inet manual" in stored
    assert Interface.objects.get(name="vmbr0").unresolved_links == {}
    assert Interface.objects.get(name="eno7").kind == "nic"


def test_a_nic_claimed_by_two_masters_keeps_both_claims():
    text = (
        "iface eno1 inet manual\n\n"
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1\n\tbond-miimon 100\n\tbond-mode active-backup\n\n"
        "auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n\tbridge-stp off\n\tbridge-fd 0\n"
    )
    stored, direct = round_trip(text)
    assert stored == direct
    assert Interface.objects.get(name="eno1").master.name == "bond0"


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=strategies.host_networks())
def test_generated_networks_survive_the_inventory(network):
    """Any network the wizard could build comes back out of the database as it went in."""
    Host.objects.filter(name="gen").delete()
    network.hostname = "gen"
    host = services.host_import_interfaces(name="gen", network=network)
    stored = selectors.host_network(host=host)
    assert render(stored) == render(network)
    assert strategies.normalised(stored) == strategies.normalised(network)


def test_realistic_files_survive_the_inventory():
    # The seeded corpus of admins' files (tests/corpus, issue 15): what the download
    # writes after an import is what formatinterfaces writes, for every file it can write.
    from tests.corpus.generate import corpus_file

    samples = [corpus_file(seed) for seed in range(examples(60))]
    checked = 0
    for sample in samples:
        try:
            direct_text = render(parse(sample.text))
        except ValueError:  # a defect the writer refuses (UnsafeValueError)
            continue
        stored, direct = round_trip(sample.text, name=f"h{sample.name}")
        assert (sample.name, stored) == (sample.name, direct)
        assert direct == direct_text.replace("this host", f"host h{sample.name}")
        checked += 1
    assert checked >= len(samples) * 0.8


def test_a_numeric_lacp_rate_is_imported_as_written():
    text = (
        "iface eno1 inet manual\n\niface eno2 inet manual\n\nauto bond0\niface bond0 inet manual\n"
        "\tbond-slaves eno1 eno2\n\tbond-mode 802.3ad\n\tbond-lacp-rate 1\n"
    )
    stored, direct = round_trip(text)
    assert stored == direct and "\tbond-lacp-rate 1\n" in stored


def test_the_place_of_bond_lacp_rate_survives_the_inventory():
    text = (
        "iface eno1 inet manual\n\niface eno2 inet manual\n\nauto bond0\niface bond0 inet manual\n"
        "\tbond-slaves eno1 eno2\n\tbond-mode 802.3ad\n\tbond-downdelay 200\n\tbond-lacp-rate fast\n"
    )
    stored, direct = round_trip(text)
    assert stored == direct and "\tbond-downdelay 200\n\tbond-lacp-rate fast\n" in stored


def test_a_family_given_twice_and_inet6_first_survive_the_inventory():
    text = (
        "auto enp3s0\niface enp3s0 inet manual\n\niface enp3s0 inet static\n\taddress 10.0.0.2/24\n\n"
        "auto vmbr0\niface vmbr0 inet6 static\n\taddress fd00::2/64\n\niface vmbr0 inet static\n"
        "\taddress 10.1.0.2/24\n\tbridge-ports none\n"
    )
    stored, direct = round_trip(text)
    assert stored == direct
    assert stored.count("iface enp3s0 inet static\n\taddress 10.0.0.2/24\n") == 2
    assert stored.index("iface vmbr0 inet6 static") < stored.index("iface vmbr0 inet static")
    row = Interface.objects.get(name="enp3s0")
    assert row.stanza_families == "inet inet"
    # An edit that leaves the stored order without a family it names writes the usual order.
    Interface.objects.filter(name="vmbr0").update(ipv6_method="", ipv6_address="")
    again = render(selectors.host_network(host=Host.objects.get()))
    assert "iface vmbr0 inet static\n\taddress 10.1.0.2/24\n\tbridge-ports none" in again


def test_a_name_longer_than_the_kernel_takes_is_imported_and_flagged():
    # The host runs this file today (the kernel refuses only that VLAN): take it, flag it.
    text = (
        "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet static\n\taddress 10.0.0.2/24\n"
        "\tbridge-ports eno1\n\nauto vmbr0.management10\niface vmbr0.management10 inet manual\n"
        "\tvlan-raw-device vmbr0\n\tvlan-id 10\n"
    )
    stored, direct = round_trip(text)
    assert stored == direct and "iface vmbr0.management10 inet manual" in stored
    host = Host.objects.get()
    findings = selectors.host_review(host=host).findings
    assert [(f.code, f.interface) for f in findings if f.severity == "error"] == [("NAME-01", "vmbr0.management10")]
    # Every other write keeps the kernel's limit: a new name as long is refused.
    with pytest.raises(ValidationError, match="is 17 bytes long"):
        services.interface_create(
            host=host, name="eno1.management20", kind="vlan", raw_device=host.interfaces.get(name="eno1"), vlan_id=20
        )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("\tbond-mode lacp\n", "bond0: the file's bond-mode lacp does not fit the inventory (Value 'lacp' is not a"),
        ("\tbond-mode 802.3ad\n\tbond-lacp-rate medium\n", "bond0: the file's bond-lacp-rate medium does not fit"),
        ("\tbond-mode 802.3ad\n\tmtu 99999\n", "bond0: The MTU must be between 552 and 65520."),
    ],
)
def test_a_value_the_inventory_cannot_hold_is_refused_naming_the_file_s_line(line, expected):
    # ifupdown2 refuses these values too; the import says which line to correct.
    text = "iface eno1 inet manual\n\niface eno2 inet manual\n\nauto bond0\niface bond0 inet manual\n"
    with pytest.raises(ValidationError) as refused:
        round_trip(text + "\tbond-slaves eno1 eno2\n" + line)
    assert refused.value.messages[0].startswith(expected)
    assert not Host.objects.exists()
