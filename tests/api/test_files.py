"""POST /api/lint/, /api/lint/cluster/ and /api/format/ answer what the command line prints."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from netwizard.inventory.constants import MAX_FILE_BYTES
from netwizard.network import cli
from tests.api.conftest import token_header
from tests.conftest import PVE_CORPUS
from tests.inventory.test_lintinterfaces import lint

pytestmark = pytest.mark.django_db


def corpus_files() -> list[Path]:
    files = sorted([*PVE_CORPUS.glob("*.interfaces"), *PVE_CORPUS.glob("derived/*.interfaces")])
    return [p for p in files if p.stat().st_size]


def test_the_api_and_the_command_line_give_the_same_lint_json_on_proxmox_s_corpus(client, viewer_user):
    # One request per file of Proxmox's own test corpus, with a read-only viewer token.
    headers = token_header(viewer_user)
    files = corpus_files()
    assert len(files) > 50
    for path in files:
        code, out, _ = lint(str(path), "--format", "json")
        response = client.post("/api/lint/", path.read_bytes(), content_type="text/plain", **headers)
        assert (path.name, response.content.decode()) == (path.name, out)
        assert response["Netwizard-Lint-Status"] == str(code)
        assert response.status_code == (400 if code == 2 else 200)


def test_an_unreadable_file_gets_the_command_line_s_error_naming_its_line(client, viewer_user, tmp_path):
    text = b"auto lo\niface lo inet loopback\n\niface eno1 inet manual\n\tfoo\xffbar\n"
    path = tmp_path / "pve1.interfaces"
    path.write_bytes(text)
    code, out, _ = lint(str(path), "--format", "json")
    response = client.post(f"/api/lint/?name={path}", text, content_type="text/plain", **token_header(viewer_user))
    assert code == 2 and response.status_code == 400 and response.content.decode() == out
    assert response.json()["error"]["line"] == 5


def test_json_bodies_carry_the_lint_options(client, viewer_user, tmp_path):
    text = (
        "auto eno1\niface eno1 inet manual\n\nauto eno2\niface eno2 inet manual\n\nauto bond0\n"
        "iface bond0 inet static\n\taddress 10.10.10.2/24\n\tbond-slaves eno1 eno2\n\tbond-mode 802.3ad\n"
        "\tbond-miimon 100\n"
    )
    path = tmp_path / "pve1.interfaces"
    path.write_text(text)
    _, out, _ = lint(str(path), "--format", "json", "--cluster-network", "10.10.10.0/24", "--switch-lacp", "yes")
    body = {"text": text, "cluster_networks": ["10.10.10.0/24"], "switch_lacp": "yes"}
    response = client.post("/api/lint/", body, content_type="application/json", **token_header(viewer_user))
    assert response.content.decode() == out
    assert any(f["code"] == "BOND-26" for f in response.json()["findings"])  # corosync over LACP


def test_a_bad_option_is_a_json_error_naming_the_field(client, viewer_user):
    body = {"text": "auto lo\niface lo inet loopback\n", "cluster_networks": ["10.10.10.0/33"]}
    response = client.post("/api/lint/", body, content_type="application/json", **token_header(viewer_user))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and "cluster_networks" in error["fields"]


def test_cluster_lint_equals_the_command_line(client, viewer_user, tmp_path):
    files = {}
    for number, address in ((1, "10.0.0.1"), (2, "10.0.0.1")):
        text = f"auto vmbr0\niface vmbr0 inet static\n\taddress {address}/24\n\tbridge-ports none\n"
        (tmp_path / f"pve{number}.interfaces").write_text(text)
        files[f"pve{number}.interfaces"] = text
    code, out, _ = lint("--cluster", *sorted(str(p) for p in tmp_path.iterdir()), "--format", "json")
    response = client.post(
        "/api/lint/cluster/", {"files": files}, content_type="application/json", **token_header(viewer_user)
    )
    # Nodes are named after their files in both; the text is the same byte for byte.
    assert code == 1 and response.content.decode() == out
    assert {f["host"] for f in response.json()["findings"]} >= {"pve1", "pve2"}


def test_format_answers_what_formatinterfaces_prints(client, viewer_user):
    for path in corpus_files()[:20]:
        out = StringIO()
        try:
            call_command("formatinterfaces", str(path), stdout=out)
        except CommandError:  # refused: the API refuses too
            response = client.post(
                "/api/format/", path.read_bytes(), content_type="text/plain", **token_header(viewer_user)
            )
            assert response.status_code == 400 and "error" in response.json()
            continue
        response = client.post(
            "/api/format/", path.read_bytes(), content_type="text/plain", **token_header(viewer_user)
        )
        assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
        assert response.content.decode() == out.getvalue()


def test_a_file_over_the_import_limit_is_refused_before_it_is_read(client, viewer_user):
    body = b"#" * (MAX_FILE_BYTES + 1)
    response = client.post("/api/lint/", body, content_type="text/plain", **token_header(viewer_user))
    assert response.status_code == 413 and "256 KiB" in response.json()["error"]["message"]


def test_the_status_header_follows_the_exit_status(client, viewer_user):
    headers = token_header(viewer_user)
    clean = client.post("/api/lint/", "auto lo\niface lo inet loopback\n", content_type="text/plain", **headers)
    broken = client.post(
        "/api/lint/",
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n\tbond-mode lacp\n",
        content_type="text/plain",
        **headers,
    )
    assert clean["Netwizard-Lint-Status"] == "0" and broken["Netwizard-Lint-Status"] == "1"
    assert cli.EXIT_ERRORS == 1
