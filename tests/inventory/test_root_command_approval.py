"""Root-command lines need a second person's approval before the file is handed out (issue 13 §1).

The services record who last changed a host's root-command lines on every write; an
approval is for exactly the lines it was given to, by someone else who may approve.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from netwizard.inventory import audit, selectors, services
from netwizard.inventory.models import Host, HostChange, Interface, RootCommandReview
from netwizard.network.interfaces_file import parse
from tests import factories

pytestmark = pytest.mark.django_db

FILE = """source /tmp/*

auto lo
iface lo inet loopback

auto eno1
iface eno1 inet manual

auto vmbr9
iface vmbr9 inet manual
\tovs_type OVSBridge
\tovs_ports eno1
\tovs_extra set bridge vmbr9 other-config:x=1; touch /tmp/PWNED
"""


def import_as(user, text=FILE, *, replace=False):
    with audit.acting_as(user):
        return services.host_import_interfaces(name="pve1", network=parse(text), text=text, replace=replace)


def state(host):
    host = Host.objects.get(pk=host.pk)  # as a page loads it: the approval row is read once per host object
    return selectors.host_root_commands(host=host, network=selectors.host_network(host=host))


def approver(name="alice"):
    user = factories.user(name, "editor")
    user.user_permissions.add(Permission.objects.get(codename="approve_root_commands"))
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def author():
    return factories.user("ed", "editor")


def test_an_import_records_its_author_and_the_lines_await_approval(author):
    host = import_as(author)
    found = state(host)
    assert [line.text for line in found.lines] == [
        "source /tmp/*",
        "ovs_extra set bridge vmbr9 other-config:x=1; touch /tmp/PWNED",
    ]
    assert not found.approved and found.author_known
    assert found.review.changed_by == author and found.author_label == "ed"


def test_the_author_may_not_approve_even_with_the_permission():
    author = approver("ed")
    host = import_as(author)
    with pytest.raises(ValidationError, match="someone else must approve"):
        services.host_root_commands_approve(host=host, user=author)
    assert not state(host).approved


def test_an_editor_without_the_permission_may_not_approve(author):
    host = import_as(author)
    other_editor = factories.user("bob", "editor")
    with pytest.raises(ValidationError, match="'approve root commands' permission"):
        services.host_root_commands_approve(host=host, user=other_editor)
    assert not state(host).approved


def test_a_permission_holder_or_a_superuser_approves_and_the_history_says_so(author):
    host = import_as(author)
    alice = approver()
    review = services.host_root_commands_approve(host=host, user=alice, sha256=state(host).sha256)
    assert state(host).approved and review.approved_by == alice and review.approved_at is not None
    change = HostChange.objects.get(action=HostChange.APPROVE)
    assert change.user == alice and "touch /tmp/PWNED" in change.summary and "source /tmp/*" in change.summary

    other = import_as(author, FILE.replace("pve1", "pve1"), replace=True)  # same lines: still approved
    assert state(other).approved
    root = type(author).objects.create_superuser("root", password="a long test password")
    host2 = import_as(author, FILE.replace("/tmp/*", "/srv/*"), replace=True)
    services.host_root_commands_approve(host=host2, user=root)
    assert state(host2).approved


def test_changing_a_line_withdraws_the_approval_and_makes_the_changer_the_author(author):
    host = import_as(author)
    alice = approver()
    services.host_root_commands_approve(host=host, user=alice)
    vmbr9 = Interface.objects.get(host=host, name="vmbr9")
    vmbr9.extra_options = {"inet": [["ovs_type", "OVSBridge"], ["ovs_ports", "eno1"], ["ovs_extra", "del-br vmbr0"]]}
    with audit.acting_as(alice):  # the approver edits a line: now she is its author
        services.interface_save(interface=vmbr9)
    found = state(host)
    assert not found.approved and found.review.changed_by == alice and found.review.approved_by is None
    with pytest.raises(ValidationError, match="someone else"):
        services.host_root_commands_approve(host=host, user=alice)
    services.host_root_commands_approve(host=host, user=approver("carol"))
    assert state(host).approved


def test_a_change_elsewhere_or_an_unchanged_reimport_keeps_the_approval(author):
    host = import_as(author)
    services.host_root_commands_approve(host=host, user=approver())
    eno1 = Interface.objects.get(host=host, name="eno1")
    eno1.comment = "uplink to sw1"
    services.interface_save(interface=eno1)
    assert state(host).approved
    import_as(factories.user("bob", "editor"), replace=True)
    assert state(host).approved and state(host).review.changed_by == author
    import_as(author, FILE.replace("x=1", "x=2"), replace=True)
    assert not state(host).approved


def test_an_approval_is_for_the_lines_the_approver_read(author):
    host = import_as(author)
    read = state(host).sha256
    import_as(factories.user("bob", "editor"), FILE.replace("x=1", "x=2"), replace=True)
    with pytest.raises(ValidationError, match="changed since the page was loaded"):
        services.host_root_commands_approve(host=host, user=approver(), sha256=read)
    assert not state(host).approved


def test_command_line_lines_may_be_approved_by_any_approver():
    host = import_as(None)
    found = state(host)
    assert found.author_label == "the command line" and found.review.changed_by is None
    services.host_root_commands_approve(host=host, user=approver())
    assert state(host).approved


def test_hosts_without_root_command_lines_need_no_approval_and_store_nothing(author):
    with audit.acting_as(author):
        host = services.host_import_interfaces(name="pve2", network=parse("auto eno1\niface eno1 inet manual\n"))
    assert state(host).approved and state(host).lines == []
    assert not RootCommandReview.objects.exists()
    with pytest.raises(ValidationError, match="no lines"):
        services.host_root_commands_approve(host=host, user=approver())


def test_nobody_has_the_permission_by_default(author):
    viewer = factories.user("val", "viewer")
    assert not author.has_perm(selectors.APPROVE_ROOT_COMMANDS)
    assert not viewer.has_perm(selectors.APPROVE_ROOT_COMMANDS)
    assert Host.objects.count() == 0


@pytest.mark.parametrize(
    "option",
    [
        ["ovs_options", "tag=10; touch /tmp/PWNED"],
        ["ovs_ports", "eno1 $(reboot)"],
        ["ovs_mtu", "1500|sh"],
        ["ovs_bridge", "vmbr9`id`"],
        ["ovs_bonds", "eno1 eno2 > /tmp/x"],
    ],
)
def test_no_write_path_stores_an_ovs_value_outside_its_grammar(author, option):
    """The admin and every other writer go through the services: the rules (FMT-07) refuse the
    value, and the writer would refuse it too rather than escape it."""
    host = import_as(author, FILE.replace("\tovs_extra set bridge vmbr9 other-config:x=1; touch /tmp/PWNED\n", ""))
    vmbr9 = Interface.objects.get(host=host, name="vmbr9")
    vmbr9.extra_options = {"inet": [["ovs_type", "OVSBridge"], option]}
    with pytest.raises(services.RulesRefused, match=option[0]):
        services.interface_save(interface=vmbr9)
    assert option not in Interface.objects.get(pk=vmbr9.pk).extra_options["inet"]


def test_lines_stored_before_authors_were_recorded_say_so_and_any_approver_may_approve(author):
    host = import_as(author)
    RootCommandReview.objects.all().delete()  # as for a host imported before migration 0006
    found = state(host)
    assert not found.approved and not found.author_known
    assert found.author_sentence.startswith("Who last changed them is not recorded")
    services.host_root_commands_approve(host=host, user=approver())
    assert state(host).approved
