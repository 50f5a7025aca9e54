"""The account pages: log in, log out, change your password. netwizard sends no mail, so
there are no password-reset pages whose link could never arrive."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

RESET_PAGES = ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/MQ/set-password/"]


@pytest.mark.parametrize("url", [*RESET_PAGES, "/accounts/reset/done/"])
def test_the_password_reset_pages_do_not_exist(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "alice@example.org"}).status_code == 404


def test_no_page_offers_a_password_reset(client):
    assert b"password_reset" not in client.get("/accounts/login/").content
    assert b"Forgotten your password" not in client.get("/admin/login/").content


def test_a_logged_in_user_still_changes_their_password(client):
    user = factories.user("alice", "viewer", password="the old password")
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "the old password",
            "new_password1": "a new long pass 42",
            "new_password2": "a new long pass 42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password("a new long pass 42")
