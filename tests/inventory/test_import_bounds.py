"""An import is bounded and costs a fixed number of queries (issue 13, item 2): a file of any
size up to the limit is written in bulk, a larger one is refused before any work, and an
import that fails writes nothing."""

import contextlib
import io
import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import audit, constants, selectors, services
from netwizard.inventory.models import Host, HostChange, Interface
from netwizard.network.interfaces_file import parse, render

pytestmark = pytest.mark.django_db


def blocks(count: int, *, last: str = "") -> str:
    """`count` blocks of nine interfaces: every kind of link an import sets (bond members and
    primary, bridge ports, VLAN parents), comments, tabs and an unknown option; then `last`."""
    out = ["auto lo", "iface lo inet loopback", ""]
    for n in range(count):
        nics = [f"enp{n}s0f{i}" for i in range(4)]
        out += [line for nic in nics for line in (f"iface {nic} inet manual", "")]
        out += [
            f"auto bond{n}",
            f"iface bond{n} inet static",
            f"\taddress 10.{n // 250}.{n % 250}.2/26",
            f"\tbond-slaves {nics[0]} {nics[1]}",
            "\tbond-miimon 100",
            "\tbond-mode active-backup",
            f"\tbond-primary {nics[0]}",
            f"#storage link {n}",
            "",
            f"auto vmbr{n}",
            f"iface vmbr{n} inet manual",
            f"\tbridge-ports {nics[2]} {nics[3]}",
            "\tbridge-stp off",
            "\tbridge-fd 0",
            "",
            f"auto bond{n}.{100 + n}",
            f"iface bond{n}.{100 + n} inet manual",
            "\tmtu 1500",
            "",
            f"auto vlan{n + 2}",
            f"iface vlan{n + 2} inet manual",
            f"\tvlan-raw-device vmbr{n}",
            f"\thwaddress 52:54:00:00:00:{n % 256:02x}",
            "",
            f"auto vmbr{n}.{200 + n}",
            f"iface vmbr{n}.{200 + n} inet manual",
            "",
        ]
    return "\n".join(out) + last


def import_queries(text: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.host_import_interfaces(name="pve1", network=parse(text), text=text, **kwargs)
    return len(queries)


def test_an_import_costs_the_same_queries_whatever_the_file_size():
    small, large = blocks(3), blocks(60)  # 28 and 541 interfaces
    first = [import_queries(small), import_queries(small, replace=True)]
    Host.objects.all().delete()
    second = [import_queries(large), import_queries(large, replace=True)]
    assert first == second
    host = Host.objects.get()
    assert host.interfaces.count() == 541
    # Written in bulk, read back as it was: links, names the host lacks, everything.
    network = parse(large)
    network.hostname = "pve1"
    assert render(selectors.host_network(host=host)) == render(network)
    assert Interface.objects.get(name="enp5s0f0").master.name == "bond5"
    assert Interface.objects.get(name="bond5").bond_primary.name == "enp5s0f0"
    assert Interface.objects.get(name="vlan7").raw_device.name == "vmbr5"


def test_a_file_over_the_interface_limit_is_refused_before_any_query(monkeypatch, django_assert_num_queries):
    assert constants.MAX_INTERFACES_PER_HOST >= 7343  # the 256 KiB file fits
    monkeypatch.setattr(constants, "MAX_INTERFACES_PER_HOST", 27)
    network = parse(blocks(3))
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        services.host_import_interfaces(name="pve1", network=network)
    assert refused.value.messages == [
        "The file defines 28 interfaces; netwizard keeps at most 27 per host (a Proxmox node has a few dozen)."
    ]
    assert not Host.objects.exists()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        # Refused by a constraint (the database's, then full_clean's message).
        (
            "auto eno1.4095\niface eno1.4095 inet manual\n",
            "eno1.4095: VLAN IDs run from 1 to 4094 (0 means priority tagging and 4095 is reserved).",
        ),
        # Refused by a field's choices, checked in memory.
        (
            "auto eno1.10\niface eno1.10 inet manual\n\tvlan-protocol 802.1x\n",
            "eno1.10: the file's vlan-protocol 802.1x does not fit the inventory (Value '802.1x' is not a valid "
            "choice); ifupdown2 refuses it as well. Correct that line (lintinterfaces names it) and import the file "
            "again.",
        ),
    ],
)
def test_a_bad_row_late_in_a_file_writes_nothing(bad, message):
    text = blocks(20, last="\niface eno1 inet manual\n\n" + bad)
    with pytest.raises(ValidationError) as refused:
        services.host_import_interfaces(name="pve1", network=parse(text))
    assert refused.value.messages == [message]
    assert not Host.objects.exists() and not Interface.objects.exists() and not HostChange.objects.exists()


def test_the_first_bad_row_in_file_order_is_the_one_named():
    constraint = "auto eno1.4095\niface eno1.4095 inet manual\n\n"
    choice = "auto eno1.10\niface eno1.10 inet manual\n\tvlan-protocol 802.1x\n\n"
    for order, named in ((constraint + choice, "eno1.4095"), (choice + constraint, "eno1.10")):
        text = blocks(2, last="\niface eno1 inet manual\n\n" + order)
        with pytest.raises(ValidationError) as refused:
            services.host_import_interfaces(name="pve1", network=parse(text))
        assert [message.split(":")[0] for message in refused.value.messages] == [named]


def test_a_failed_reimport_keeps_the_host_as_it_was():
    text = blocks(5)
    host = services.host_import_interfaces(name="pve1", network=parse(text), text=text)
    before = (render(selectors.host_network(host=host)), Host.objects.get().version, HostChange.objects.count())
    bad = blocks(30, last="\niface eno1 inet manual\n\nauto eno1.4095\niface eno1.4095 inet manual\n")
    with pytest.raises(ValidationError, match="4095"):
        services.host_reimport(host=host, network=parse(bad), text=bad)
    host = Host.objects.get()
    assert (render(selectors.host_network(host=host)), host.version, HostChange.objects.count()) == before


def test_a_crash_after_the_rows_are_written_leaves_nothing(monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services.audit, "host_change_record", crash)
    with pytest.raises(RuntimeError):
        services.host_import_interfaces(name="pve1", network=parse(blocks(10)))
    assert not Host.objects.exists() and not Interface.objects.exists()


def run(*args) -> tuple[int, str, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_the_command_line_refuses_a_file_over_the_byte_limit_without_reading_it(tmp_path):
    huge = tmp_path / "interfaces"
    with huge.open("wb") as file:
        file.truncate(1 << 30)  # a sparse GiB: reading it would take seconds and a GiB of memory
    code, _, message = run("importinterfaces", str(huge), "--host", "pve1")
    # The size comes from the file system: the refusal never read the file.
    assert (code, message) == (
        2,
        f"{huge}: the file is 1,073,741,824 bytes; netwizard reads interfaces files of at most 262,144 bytes (256 KiB)",
    )
    assert not Host.objects.exists()


def test_the_command_line_stops_reading_a_stream_at_the_byte_limit(tmp_path):
    fifo = tmp_path / "interfaces"
    os.mkfifo(fifo)

    def write() -> None:  # more than the limit, through a pipe, which has no size to look at
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as pipe:
            pipe.write(b"#" * (constants.MAX_FILE_BYTES + 4096))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    code, _, message = run("importinterfaces", str(fifo), "--host", "pve1")
    writer.join(timeout=10)
    assert (code, message) == (
        2,
        f"{fifo}: the file is more than 262,144 bytes; netwizard reads interfaces files of at most 262,144 bytes "
        "(256 KiB)",
    )
    assert not Host.objects.exists()


def test_the_command_line_imports_a_file_at_the_byte_limit(tmp_path):
    text = blocks(3)
    path = tmp_path / "interfaces"
    path.write_text(text + "#" * (constants.MAX_FILE_BYTES - len(text.encode())))
    assert path.stat().st_size == constants.MAX_FILE_BYTES
    code, out, _ = run("importinterfaces", str(path), "--host", "pve1")
    assert code == 0 and "Imported 28 interfaces into pve1" in out


def test_the_history_records_the_file_as_stored():
    """The import's history entry is worked out from the rows as written; it must be what
    reading the host back gives, NIC facts kept on a re-import included."""
    switch = services.switch_create(name="leaf-a")
    host = services.host_import_interfaces(name="pve1", network=parse(blocks(2)))
    nic = host.interfaces.get(name="enp1s0f0")
    nic.switch, nic.switch_port, nic.mac = switch, "Eth1/7", "3c:ec:ef:12:34:56"
    services.interface_save(interface=nic)
    before = audit.file_text(selectors.host_network(host=host))
    host = services.host_import_interfaces(name="pve1", network=parse(blocks(3)), replace=True)
    stored = audit.file_text(selectors.host_network(host=host))
    assert host.changes.filter(action=HostChange.IMPORT).first().diff == audit.file_diff(before, stored, "pve1")
