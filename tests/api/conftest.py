import pytest
from django.core.cache import cache

from netwizard.inventory import services
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # DRF counts requests per user and address in the cache; each test starts at zero.
    cache.clear()
    yield
    cache.clear()


def token_header(user, **options) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {services.api_token_create(user=user, **options).key}"}


@pytest.fixture
def viewer_user(db):
    return factories.user("val", "viewer")


@pytest.fixture
def editor_user(db):
    return factories.user("ed", "editor")
