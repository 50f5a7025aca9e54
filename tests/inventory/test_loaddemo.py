import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from netwizard.inventory import services
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


def test_the_demo_hosts_are_built_as_the_wizard_builds_its_two_layouts():
    """The demo shows the product's own layouts: the same interfaces, bond mode and hash
    policy as "start from a layout" on the same switch, and the bond step's answers with them."""
    call_command("loaddemo")
    switch = Switch.objects.get()

    def built(host_name: str) -> list[tuple]:
        rows = Interface.objects.filter(host__name=host_name).order_by("name")
        return list(
            rows.values_list("name", "kind", "master__name", "bond_mode", "bond_xmit_hash_policy", "wizard_answers")
        )

    for name, layout in (("pve1", services.LAYOUT_BOND_STORAGE), ("pve2", services.LAYOUT_BOND_BRIDGE)):
        services.host_create_from_layout(name=f"{name}-layout", layout=layout, switch=switch)
        assert built(name) == built(f"{name}-layout"), name


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


def printed_passwords(out: str) -> dict[str, str]:
    """User name -> password, from the "Log in as NAME with password PASSWORD" lines."""
    found = {}
    for line in out.splitlines():
        if line.startswith("Log in as ") and " with password " in line:
            name, password = line.removeprefix("Log in as ").split(" with password ")
            found[name] = password
    return found


def test_loaddemo_makes_one_account_per_role_and_prints_each_password_once(client, capsys):
    call_command("loaddemo")
    passwords = printed_passwords(capsys.readouterr().out)
    assert set(passwords) == {"demo-admin", "demo-editor", "demo-viewer"}
    assert len(set(passwords.values())) == 3  # random, not one shared password

    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    assert users["demo-admin"].is_superuser
    assert [g.name for g in users["demo-editor"].groups.all()] == ["editor"]
    assert [g.name for g in users["demo-viewer"].groups.all()] == ["viewer"]
    assert not users["demo-editor"].is_staff and not users["demo-viewer"].is_staff

    # Each account logs in with its printed password and can do what its role allows.
    for username, can_edit in (("demo-viewer", False), ("demo-editor", True), ("demo-admin", True)):
        client.logout()
        response = client.post("/accounts/login/", {"username": username, "password": passwords[username]})
        assert response.status_code == 302, username
        assert client.get("/hosts/pve1/").status_code == 200, username
        assert client.get("/hosts/pve1/wizard/").status_code == (200 if can_edit else 403), username

    call_command("loaddemo")
    out = capsys.readouterr().out
    assert printed_passwords(out) == {}
    assert not any(password in out for password in passwords.values())
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 3
