import pytest

from tests import factories


@pytest.fixture
def editor(client):
    client.force_login(factories.user("ed", "editor"))
    return client


@pytest.fixture
def viewer(client):
    client.force_login(factories.user("val", "viewer"))
    return client
