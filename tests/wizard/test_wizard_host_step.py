"""Step 1: creating a host (empty, from a layout, from its file), editing it, re-importing."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from netwizard.inventory import services
from netwizard.inventory.models import Host
from netwizard.network.interfaces_file import parse
from netwizard.wizard.forms.hosts import IMPORT_PROMISE
from tests import factories
from tests.conftest import SEED_TEXT
from tests.samples import LACP_BOND_BRIDGE_KEPT_LINES
from tests.wizard.helpers import HTMX, field_errors, text, version

pytestmark = pytest.mark.django_db

SEED_BRIDGE_FILE = LACP_BOND_BRIDGE_KEPT_LINES


def new_host(client, headers=None, files=None, **data):
    fields = {"name": "pve9", "cluster": "", "description": "", "start": "empty", "switch": "", "text": ""}
    return client.post("/hosts/new/", {**fields, **data, **(files or {})}, headers=headers or {})


def test_the_new_host_page_offers_the_four_ways_to_start(editor):
    page = text(editor.get("/hosts/new/"))
    assert "Host name" in page and "Start from" in page
    for start in ("Empty", "Storage bond", "Bridged bond", "Import the file the host runs"):
        assert start in page


def test_an_empty_host_goes_on_to_its_nics(editor):
    response = new_host(editor, cluster="lab", description="rack 4")
    assert response.status_code == 302 and response["Location"] == "/hosts/pve9/wizard/nics/"
    host = Host.objects.get(name="pve9")
    assert (host.cluster, host.description, host.interfaces.count()) == ("lab", "rack 4", 0)


def test_with_htmx_a_created_host_is_a_client_redirect(editor):
    response = new_host(editor, headers=HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == "/hosts/pve9/wizard/nics/"


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("bond-bridge", {"eno1": "bond0", "eno2": "bond0", "bond0": "vmbr0", "vmbr0": None}),
        ("bond-storage", {"eno1": "bond0", "eno2": "bond0", "eno3": "vmbr0", "bond0": None, "vmbr0": None}),
    ],
)
def test_a_host_starts_from_either_layout_of_the_bonding_guide(editor, layout, expected):
    sw = factories.switch("sw-a", lacp=True)
    response = new_host(editor, start=layout, switch=str(sw.pk))
    assert response.status_code == 302
    host = Host.objects.get(name="pve9")
    rows = {i.name: i.master.name if i.master else None for i in host.interfaces.select_related("master")}
    assert rows == expected
    bond = host.interfaces.get(name="bond0")
    assert bond.bond_mode == "802.3ad" and bond.bond_xmit_hash_policy == "layer2+3"
    assert set(host.interfaces.nics().values_list("switch__name", flat=True)) == {"sw-a"}


def test_a_layout_on_a_switch_without_lacp_gets_active_backup(editor):
    sw = factories.switch("sw-b", lacp=False)
    new_host(editor, start="bond-bridge", switch=str(sw.pk))
    assert Host.objects.get(name="pve9").interfaces.get(name="bond0").bond_mode == "active-backup"


def test_importing_a_pasted_file_keeps_it_and_goes_to_the_review(editor):
    response = new_host(editor, start="import", text=SEED_BRIDGE_FILE)
    assert response.status_code == 302 and response["Location"] == "/hosts/pve9/wizard/review/"
    host = Host.objects.get(name="pve9")
    assert host.imported_text == SEED_BRIDGE_FILE
    assert host.interfaces.count() == 5  # lo, eno1, eno2, bond0, vmbr0


def test_importing_an_uploaded_file(editor):
    upload = SimpleUploadedFile(
        "interfaces", SEED_TEXT.read_text().split("Example: Use a bond as bridge port")[1].encode()
    )
    response = new_host(editor, start="import", files={"upload": upload})
    assert response.status_code == 302
    assert Host.objects.get(name="pve9").interfaces.filter(name="vmbr0").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "pve 9"}, "name", "one DNS label"),
        ({"name": "new"}, "name", "reserved"),
        ({"cluster": "lab/1"}, "cluster", "letters, digits"),
        ({"start": "import"}, "text", "Paste the file"),
        ({"start": "import", "text": "iface eno1 inet manual\n\tbond-slaves\\\n"}, "text", "line"),
        ({"start": "nonsense"}, "start", "valid choice"),
    ],
)
def test_invalid_host_input_is_shown_at_its_field_and_creates_nothing(editor, data, field, message):
    response = new_host(editor, **data)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field)), field_errors(response, field)
    assert not Host.objects.exists()


def test_a_taken_name_is_refused(editor):
    services.host_create(name="pve9")
    response = new_host(editor)
    assert field_errors(response, "name") == ["A host named pve9 already exists."]


def test_paste_and_upload_together_are_refused(editor):
    upload = SimpleUploadedFile("interfaces", b"auto lo\niface lo inet loopback\n")
    response = new_host(editor, start="import", text="auto lo\n", files={"upload": upload})
    assert field_errors(response, "upload") == ["Either paste the file or upload it, not both."]


def test_with_htmx_an_invalid_form_comes_back_alone(editor):
    response = new_host(editor, headers=HTMX, name="new")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<div id="form-body">') and "reserved" in page


def test_a_double_submitted_new_host_is_created_once(editor):
    page = editor.get("/hosts/new/")
    token = page.context["form"]["submission"].value()
    first = new_host(editor, submission=token)
    second = new_host(editor, submission=token)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/hosts/pve9/wizard/nics/"
    assert Host.objects.count() == 1


# Editing the host ----------------------------------------------------------------------


def test_the_host_step_saves_and_moves_on(editor):
    services.host_create(name="pve1")
    response = editor.post(
        "/hosts/pve1/wizard/",
        {"name": "pve1", "cluster": "prod", "description": "", "expected_version": version("pve1")},
    )
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/nics/"
    assert Host.objects.get(name="pve1").cluster == "prod"


def test_renaming_a_host_moves_the_wizard_to_its_new_name(editor):
    services.host_create(name="pve1")
    response = editor.post(
        "/hosts/pve1/wizard/", {"name": "pve7", "cluster": "", "description": "", "expected_version": version("pve1")}
    )
    assert response["Location"] == "/hosts/pve7/wizard/nics/"


def test_a_stale_host_edit_is_refused_with_a_way_to_reload(editor):
    host = services.host_create(name="pve1")
    stale = host.version
    services.host_update(host=host, name="pve1", cluster="other-tab", description="")
    response = editor.post(
        "/hosts/pve1/wizard/", {"name": "pve1", "cluster": "mine", "description": "", "expected_version": stale}
    )
    page = text(response)
    assert response.status_code == 200
    assert "changed by someone else" in page and "Reload the page" in page
    assert Host.objects.get(name="pve1").cluster == "other-tab"


# Re-import --------------------------------------------------------------------------


def test_reimporting_replaces_the_interfaces_and_keeps_the_file(editor):
    factories.host_with_network("pve1")
    response = editor.post(
        "/hosts/pve1/import/", {"text": SEED_BRIDGE_FILE, "replace": "on", "expected_version": version("pve1")}
    )
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/review/"
    host = Host.objects.get(name="pve1")
    assert sorted(host.interfaces.values_list("name", flat=True)) == ["bond0", "eno1", "eno2", "lo", "vmbr0"]
    assert host.imported_text == SEED_BRIDGE_FILE


def test_reimporting_needs_the_replace_confirmation(editor):
    factories.host_with_network("pve1")
    response = editor.post("/hosts/pve1/import/", {"text": SEED_BRIDGE_FILE, "expected_version": version("pve1")})
    assert field_errors(response, "replace") == ["This field is required."]
    assert Host.objects.get(name="pve1").interfaces.count() == 8


def test_a_stale_reimport_is_refused(editor):
    host = factories.host_with_network("pve1")
    stale = version("pve1") - 1
    response = editor.post(
        "/hosts/pve1/import/", {"text": SEED_BRIDGE_FILE, "replace": "on", "expected_version": stale}
    )
    assert "changed by someone else" in text(response)
    assert host.interfaces.count() == 8


def test_the_imported_file_parses_like_the_one_netwizard_stores():
    host = services.host_import_interfaces(name="pve1", network=parse(SEED_BRIDGE_FILE), text=SEED_BRIDGE_FILE)
    assert parse(host.imported_text).get("vmbr0").bridge.ports == ["bond0"]


PROMISE_FILE = """# pve7, rack 3: ask Ann before changing anything
auto lo
iface lo inet loopback

source /etc/network/interfaces.d/*

iface eno1 inet manual
\thwaddress 52:54:00:12:34:56

auto vmbr0
iface vmbr0 inet static
\t# uplink to core-sw1 port 12
\taddress 10.10.10.7/24
\tgateway 10.10.10.1
\tbridge-ports eno1
\tbridge-stp off
\tbridge-fd 0
\tdns-nameservers 192.0.2.53  192.0.2.54
# top-level, between the stanzas

"""


def test_the_import_promise_holds_for_a_real_import_and_download(editor):
    page = editor.get("/hosts/new/")
    assert IMPORT_PROMISE in text(page)
    data = {"name": "pve7", "start": "import", "text": PROMISE_FILE, "submission": "s"}
    editor.post("/hosts/new/", data)
    # "The review lists every line the download changes."
    review = editor.get("/hosts/pve7/wizard/review/")
    changes = review.context["changed"].changes
    assert ("top-comment", ("# pve7, rack 3: ask Ann before changing anything",)) in [
        (c.kind, c.before) for c in changes.changes
    ]
    assert "Proxmox drops comments outside stanzas" in text(review)
    assert "# pve7, rack 3: ask Ann before changing anything" in text(review)  # in the shown difference

    # The source line runs as root: someone other than its importer approves it first (issue 13 §1).
    root = get_user_model().objects.create_superuser("root", password="a long test password")
    services.host_root_commands_approve(host=Host.objects.get(name="pve7"), user=root)
    download = editor.get("/hosts/pve7/interfaces").content.decode()
    # "Options netwizard does not manage and source lines are written back with their values unchanged"
    assert "\thwaddress 52:54:00:12:34:56\n" in download
    assert "\tdns-nameservers 192.0.2.53  192.0.2.54\n" in download
    assert "\nsource /etc/network/interfaces.d/*\n" in download
    # "comments inside a stanza are kept (below its options, where Proxmox puts them)"
    stanza = download[download.index("iface vmbr0") :].split("\n\n")[0].split("\n")
    # The comment right after the stanza, with no blank line, belongs to it (as in Proxmox's reader).
    assert stanza[-2:] == ["# uplink to core-sw1 port 12", "# top-level, between the stanzas"]
    # "Comments outside the stanzas are dropped, as Proxmox drops them."
    assert "ask Ann" not in download


# Line endings ----------------------------------------------------------------------------


def posted_without_javascript(client, url, fields):
    """The body a browser sends for a plain form post: a textarea's lines end in CRLF."""
    return client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")


def test_a_multi_line_description_posted_with_crlf_is_kept_with_its_lines(editor):
    services.host_create(name="pve1")
    fields = {
        "name": "pve1",
        "cluster": "",
        "description": "Rack 4\r\nrow B\rslot 2",
        "expected_version": version("pve1"),
    }
    response = posted_without_javascript(editor, "/hosts/pve1/wizard/", fields)
    assert response.status_code == 302, text(response)
    assert Host.objects.get(name="pve1").description == "Rack 4\nrow B\nslot 2"
    page = editor.get("/hosts/pve1/").content.decode()
    assert "Rack 4<br>row B<br>slot 2" in page


def test_a_new_host_takes_a_crlf_description(editor):
    fields = {"name": "pve9", "cluster": "", "description": "line one\r\nline two", "start": "empty", "switch": ""}
    response = posted_without_javascript(editor, "/hosts/new/", fields | {"text": ""})
    assert response.status_code == 302, text(response)
    assert Host.objects.get(name="pve9").description == "line one\nline two"


def test_the_description_limit_counts_a_line_break_once(editor):
    services.host_create(name="pve1")
    fields = {"name": "pve1", "cluster": "", "description": "x" * 250 + "\r\n" + "y" * 249}
    response = posted_without_javascript(editor, "/hosts/pve1/wizard/", fields | {"expected_version": version("pve1")})
    assert response.status_code == 302, text(response)
