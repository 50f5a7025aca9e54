import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_host_page_shows_the_file_with_line_numbers_and_findings(admin_client):
    factories.host_with_network("pve1", switch=factories.switch())
    response = admin_client.get("/hosts/pve1/")
    page = response.content.decode()
    assert response.status_code == 200
    start = page.index('<pre class="interfaces-file"')
    assert page.count('<span class="line">') == page.count("\n", start, page.index("</pre>", start))
    assert '<span class="line">iface bond0 inet manual</span>' in page
    assert '<span class="line"><span class="tab">&#9;</span>bond-miimon 100</span>' in page
    assert "Findings" in page and "Download" in page


def test_the_download_is_the_rendered_file_as_an_attachment(admin_client):
    factories.host_with_network("pve1", switch=factories.switch())
    response = admin_client.get("/hosts/pve1/interfaces")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="interfaces"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    network = parse(response.content.decode())
    assert {i.name for i in network.interfaces} >= {"bond0", "vmbr0", "bond0.50", "eno1"}


def test_the_download_is_refused_while_the_host_has_errors(admin_client):
    text = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    services.host_import_interfaces(name="pve1", network=parse(text))
    response = admin_client.get("/hosts/pve1/interfaces")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Download refused" in page and "BR-01" in page
    assert "Content-Disposition" not in response


def test_unknown_hosts_are_404(admin_client):
    assert admin_client.get("/hosts/nope/").status_code == 404
    assert admin_client.get("/hosts/nope/interfaces").status_code == 404


# Host page: session, user, host, its cluster (nodes, configuration, interfaces), history, baseline.
# Download: session, user, host, its cluster's configuration, interfaces, then in one
# transaction (a savepoint inside the test's; BEGIN/COMMIT when served) the user's recent
# downloads (the limit), the stored file (already there: each distinct file is stored once)
# and the audit row.
@pytest.mark.parametrize("url, queries", [("/hosts/pve00/", 8), ("/hosts/pve00/interfaces", 10)])
def test_host_pages_cost_the_same_however_big_the_inventory(admin_client, url, queries):
    sw = factories.switch()
    for i in range(2):
        factories.host_with_network(f"pve{i:02d}", switch=sw)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as small:
        admin_client.get(url)
    for i in range(2, factories.LARGE_INVENTORY):
        factories.host_with_network(f"pve{i:02d}", switch=sw)
    with CaptureQueriesContext(connection) as large:
        admin_client.get(url)
    assert len(small) == len(large) == queries


def test_the_topology_is_an_svg_with_an_etag_and_a_download_name(admin_client):
    factories.host_with_network("pve1", switch=factories.switch())
    response = admin_client.get("/hosts/pve1/topology.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'inline; filename="pve1-topology.svg"'
    assert response.content.startswith(b"<svg") and b"bond0" in response.content
    again = admin_client.get("/hosts/pve1/topology.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_topology_etag_changes_when_the_host_does(admin_client):
    host = factories.host_with_network("pve1", switch=factories.switch())
    first = admin_client.get("/hosts/pve1/topology.svg")["ETag"]
    eno4 = host.interfaces.get(name="eno4")
    eno4.mtu = 9000
    services.interface_save(interface=eno4)
    response = admin_client.get("/hosts/pve1/topology.svg", HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200 and response["ETag"] != first


def test_comments_with_markup_stay_text_in_the_diagram(admin_client):
    host = factories.host_with_network("pve1")
    vmbr1 = host.interfaces.get(name="vmbr1")
    vmbr1.comment = '<script>alert(1)</script> ]]> "quoted" & more'
    services.interface_save(interface=vmbr1)
    svg = admin_client.get("/hosts/pve1/topology.svg").content.decode()
    assert "<script" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize("url", ["/", "/hosts/pve1/", "/hosts/pve1/interfaces", "/hosts/pve1/topology.svg"])
def test_reading_needs_the_viewer_role(client, url):
    factories.host_with_network("pve1")
    client.force_login(factories.user("nobody"))
    assert client.get(url).status_code == 403
    client.force_login(factories.user("val", "viewer"))
    assert client.get(url).status_code == 200
