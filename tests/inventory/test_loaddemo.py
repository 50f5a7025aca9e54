import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from netwizard.inventory.models import Host, Interface, Switch

pytestmark = pytest.mark.django_db


def inventory_snapshot():
    rows = Interface.objects.order_by("host__name", "name").values_list(
        "host__name", "name", "kind", "master__name", "bond_mode", "ipv4_address", "switch__name"
    )
    return list(Host.objects.values_list("name", "cluster", "version")), list(rows), list(Switch.objects.values())


def test_loaddemo_builds_the_two_seed_layouts(capsys):
    call_command("loaddemo")
    out = capsys.readouterr().out
    assert "Log in as demo-admin with password " in out

    storage = {i.name: i for i in Interface.objects.filter(host__name="pve1").select_related("master")}
    assert storage["bond0"].bond_mode == "802.3ad"
    assert storage["bond0"].ipv4_address == "192.168.1.2/24"
    assert {storage["eno1"].master.name, storage["eno2"].master.name} == {"bond0"}
    assert storage["eno3"].master.name == "vmbr0"

    bridged = {i.name: i for i in Interface.objects.filter(host__name="pve2").select_related("master")}
    assert bridged["bond0"].master.name == "vmbr0"
    assert bridged["bond0"].ipv4_address == ""
    assert bridged["vmbr0"].ipv4_gateway == "10.10.10.1"
    assert Switch.objects.get().lacp is True


def test_loaddemo_twice_leaves_the_same_inventory(capsys):
    call_command("loaddemo")
    first = inventory_snapshot()
    password_line = next(line for line in capsys.readouterr().out.splitlines() if "password" in line)
    call_command("loaddemo")
    out = capsys.readouterr().out
    assert inventory_snapshot() == first
    assert "already exists" in out and password_line not in out
    assert get_user_model().objects.filter(username="demo-admin").count() == 1


def test_the_printed_password_logs_in(client, capsys):
    call_command("loaddemo")
    line = next(line for line in capsys.readouterr().out.splitlines() if "with password" in line)
    password = line.rsplit(" ", 1)[1]
    response = client.post("/accounts/login/", {"username": "demo-admin", "password": password})
    assert response.status_code == 302 and response["Location"] == "/"
