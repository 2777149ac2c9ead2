"""Accounts: sign-up with e-mail confirmation, the organisation statement, login limits."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from teams.models import Organisation, Representative
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def restore_language():
    """A request with Accept-Language: en leaves English active in this thread."""
    language = translation.get_language()
    yield
    translation.activate(language)


def test_sign_up_needs_the_emailed_confirmation_before_logging_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nowa@example.org",
            "password1": "Dluga-Haslo-2026!",
            "password2": "Dluga-Haslo-2026!",
        },
        **EN,
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    confirm = client.post(path, **EN)
    assert confirm.status_code == 302
    assert "_auth_user_id" in client.session
    assert confirm["Location"] == reverse("teams:organisation_statement")


def test_the_sign_up_page_links_the_rodo_clause(client):
    html = client.get(reverse("account_signup"), **EN).content.decode()
    assert f'href="{reverse("privacy")}"' in html
    assert "Prezes UODO" in html


def test_a_member_registers_an_organisation_with_valid_numbers(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("teams:organisation_statement"),
        {
            "register": "",
            "new-name": "Stowarzyszenie „Nowe”",
            "new-krs": "123456",
            "new-nip": "856-734-62-15",
            "new-regon": "192598184",
            "new-address": "ul. Floriańska 1, 31-019 Kraków",
        },
        **EN,
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Stowarzyszenie „Nowe”")
    assert organisation.krs == "0000123456"
    assert organisation.nip == "8567346215"
    representative = Representative.objects.get(user=user)
    assert representative.organisation == organisation
    assert representative.registered_organisation


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "8567346216", "This is not a valid NIP"),
        ("regon", "192598183", "This is not a valid REGON"),
        ("krs", "12345678901", "A KRS number has exactly 10 digits"),
        ("krs", "", "Give the KRS number, or the name and number of another register."),
    ],
)
def test_wrong_numbers_are_explained_beside_the_field_and_the_text_kept(
    client, field, value, message
):
    client.force_login(UserFactory())
    data = {
        "register": "",
        "new-name": "Fundacja Zachowana",
        "new-krs": "0000123456",
        "new-address": "ul. Długa 2, Kraków",
        f"new-{field}": value,
    }
    response = client.post(reverse("teams:organisation_statement"), data, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Fundacja Zachowana" in html
    assert not Organisation.objects.filter(name="Fundacja Zachowana").exists()


def test_a_known_krs_points_to_the_list_instead_of_a_duplicate(client):
    existing = OrganisationFactory(krs="0000555555")
    client.force_login(UserFactory())
    response = client.post(
        reverse("teams:organisation_statement"),
        {"register": "", "new-name": "Kopia", "new-krs": "555555", "new-address": "Kraków"},
        **EN,
    )
    assert "already registered" in response.content.decode()
    assert Organisation.objects.filter(krs=existing.krs).count() == 1


def test_the_statement_returns_to_the_comment_form(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory())
    back = "/programmes/x/drafts/1/comment/?paragraph=1-2"
    response = client.post(
        reverse("teams:organisation_statement"),
        {"pick": "", "pick-organisation": organisation.pk, "next": back},
    )
    assert response["Location"] == back


def test_the_statement_refuses_to_send_people_to_other_sites(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("teams:organisation_statement"),
        {"pick": "", "pick-organisation": organisation.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("teams:organisation_statement")


def test_login_is_locked_after_five_wrong_passwords(client):
    user = UserFactory(email="zamek@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    url = reverse("account_login")
    statuses = [
        client.post(url, {"login": user.email, "password": "zle-haslo"}, **EN).status_code
        for _ in range(4)
    ]
    assert statuses == [200] * 4
    # The fifth failure trips django-axes: the lockout page, 429.
    locked = client.post(url, {"login": user.email, "password": "zle-haslo"}, **EN)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Even the right password is refused now.
    client.post(url, {"login": user.email, "password": "test-password-123"}, **EN)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_render_in_the_portal_layout(client, name):
    html = client.get(reverse(name), **EN).content.decode()
    assert 'id="main"' in html
    assert "Accessibility statement" in html


@pytest.mark.parametrize("name", ["account_email", "account_change_password"])
def test_account_management_pages_need_a_login_and_render_for_members(client, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(UserFactory())
    response = client.get(reverse(name), **EN)
    assert response.status_code == 200
    assert 'id="main"' in response.content.decode()
