"""The API tokens page: make a token (its key shown once), list and revoke your own."""

import pytest
from django.contrib.auth import get_user_model

from netwizard.inventory import services
from netwizard.inventory.models import ApiToken
from tests import factories
from tests.wizard.helpers import text

pytestmark = pytest.mark.django_db


def test_a_new_key_is_shown_once_and_works(editor, client):
    response = editor.post("/tokens/", {"description": "CI lint", "write": "on", "expires_days": "30"})
    token = ApiToken.objects.get()
    key = response.context["made"].key
    assert key in response.content.decode() and response["Cache-Control"] == "no-store"
    assert token.write_enabled and token.description == "CI lint"
    assert services.api_token_use(key=key) == token
    # The list shows the token but the key never again.
    again = editor.get("/tokens/")
    assert key not in again.content.decode() and f"{token.prefix}…" in text(again)
    assert "read and write" in text(again)


def test_a_viewer_makes_read_only_tokens_whatever_the_form_says(viewer):
    page = viewer.get("/tokens/")
    assert "Only editors can make tokens that change data." in text(page)
    viewer.post("/tokens/", {"description": "", "write": "on", "expires_days": ""})
    token = ApiToken.objects.get()
    assert not token.write_enabled and token.expires_at is None


def test_a_bad_expiry_is_refused_with_the_field_s_message(editor):
    response = editor.post("/tokens/", {"expires_days": "0"})
    assert response.context["made"] is None and not ApiToken.objects.exists()
    assert "Ensure this value is greater than or equal to 1." in text(response)


def test_revoking_kills_the_token_and_only_your_own(editor):
    others = services.api_token_create(user=factories.user("other", "editor"))
    assert editor.post(f"/tokens/{others.token.pk}/revoke/").status_code == 404
    mine = services.api_token_create(user=get_user_model().objects.get(username="ed"))
    response = editor.post(f"/tokens/{mine.token.pk}/revoke/", follow=True)
    assert f"Token {mine.token.prefix}… is revoked" in text(response)
    assert services.api_token_use(key=mine.key) is None and services.api_token_use(key=others.key) is not None
    assert "revoked" in text(editor.get("/tokens/"))


def test_the_page_needs_a_role(client):
    client.force_login(factories.user("nobody"))
    assert client.get("/tokens/").status_code == 403
