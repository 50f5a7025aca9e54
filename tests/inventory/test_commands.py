"""importinterfaces and renderinterfaces, as scripts call them."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netwizard.inventory import selectors
from netwizard.inventory.models import Host
from netwizard.network.interfaces_file import parse, render

pytestmark = pytest.mark.django_db

SEED_BOND_BRIDGE = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

auto bond0
iface bond0 inet manual
      bond-slaves eno1 eno2
      bond-miimon 100
      bond-mode 802.3ad
      bond-xmit-hash-policy layer2+3

auto vmbr0
iface vmbr0 inet static
        address  10.10.10.2/24
        gateway  10.10.10.1
        bridge-ports bond0
        bridge-stp off
        bridge-fd 0
"""


@pytest.fixture
def seed_file(tmp_path) -> Path:
    path = tmp_path / "interfaces"
    path.write_text(SEED_BOND_BRIDGE)
    return path


def run(*args) -> tuple[int, str, str]:
    """Run a command the way the shell does: exit status, stdout, stderr."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_import_then_render_gives_the_canonical_file(seed_file, tmp_path):
    code, out, _ = run("importinterfaces", str(seed_file), "--host", "pve1")
    assert code == 0
    assert "Imported 5 interfaces into pve1: 0 errors" in out  # lo, eno1, eno2, bond0, vmbr0
    target = tmp_path / "out"
    assert run("renderinterfaces", "pve1", "--output", str(target))[0] == 0
    expected = parse(SEED_BOND_BRIDGE)
    expected.hostname = "pve1"
    assert target.read_text() == render(expected)


def test_import_refuses_to_overwrite_without_replace(seed_file):
    run("importinterfaces", str(seed_file), "--host", "pve1")
    code, _, message = run("importinterfaces", str(seed_file), "--host", "pve1")
    assert code == 1 and "already exists" in message
    assert run("importinterfaces", str(seed_file), "--host", "pve1", "--replace")[0] == 0
    assert Host.objects.count() == 1


def test_import_of_an_unreadable_or_broken_file_exits_2(tmp_path):
    code, _, message = run("importinterfaces", str(tmp_path / "missing"), "--host", "pve1")
    assert code == 2 and "cannot read the file" in message
    broken = tmp_path / "broken"
    broken.write_text("auto lo\niface lo inet loopback\n\nauto eno1\n\taddress 10.0.0.1/24\n")
    code, _, message = run("importinterfaces", str(broken), "--host", "pve1")
    assert code == 2 and "line 5" in message
    assert not Host.objects.exists()


def test_render_refuses_a_host_with_errors_unless_forced(tmp_path, capsys):
    path = tmp_path / "interfaces"
    path.write_text("iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n")
    assert run("importinterfaces", str(path), "--host", "pve1")[0] == 0
    code, out, message = run("renderinterfaces", "pve1")
    assert code == 1 and "error findings" in message and out == ""
    assert "BR-01" in capsys.readouterr().err
    code, out, _ = run("renderinterfaces", "pve1", "--force")
    assert code == 0 and "bridge-ports eno9" in out


def test_render_of_an_unknown_host_fails_clearly():
    code, _, message = run("renderinterfaces", "nope")
    assert code == 1 and "no host named 'nope'" in message


def test_import_keeps_what_the_host_runs_even_with_errors(tmp_path):
    path = tmp_path / "interfaces"
    # The file lists the host's NICs (eno1), so eno9 is a port that does not exist.
    text = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    path.write_text(text + "\tpost-up /usr/local/bin/nat.sh\n")
    code, out, _ = run("importinterfaces", str(path), "--host", "pve1")
    assert code == 0 and "FMT-02" in out and "BR-01" in out
    review = selectors.host_review(host=Host.objects.get())
    assert "BR-01" in {f.code for f in review.errors}
    # The hook is a root-command line: a warning, its download gated by approval (issue 13 §1).
    assert "FMT-02" in {f.code for f in review.warnings}


def test_render_withholds_unapproved_root_command_lines_unless_forced(tmp_path, capsys):
    from netwizard.inventory import services
    from tests import factories

    path = tmp_path / "interfaces"
    path.write_text("source /tmp/*\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports none\n")
    assert run("importinterfaces", str(path), "--host", "pve1")[0] == 0
    code, out, message = run("renderinterfaces", "pve1")
    assert code == 1 and out == "" and "source /tmp/*" in message and "no approval" in message
    code, out, _ = run("renderinterfaces", "pve1", "--force")
    assert code == 0 and "source /tmp/*" in out
    assert "unapproved lines that run commands as root" in capsys.readouterr().err
    root = factories.user("root", None)
    root.is_superuser = True
    root.save()
    services.host_root_commands_approve(host=Host.objects.get(), user=root)
    code, out, _ = run("renderinterfaces", "pve1")
    assert code == 0 and "source /tmp/*" in out
