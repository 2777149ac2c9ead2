"""Personas shared by every app's tests (docs/architecture.md, "Tests").

The five roles: anonymous, member, other_team_member, moderator, coordinator,
all around one programme with two sector teams.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings

from core.testing import CHROMIUM, CHROMIUM_ARGS

# Browser tests drive Django from Playwright's event loop thread (docs/operations.md, "Pitfalls on our machines", item 5).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    where = f"{db.get('HOST') or 'socket'}:{db.get('PORT') or ''}/{db.get('NAME')}"
    return [
        f"database: {engine} ({where if engine != 'sqlite3' else db['NAME']})",
        f"celery eager: {settings.CELERY_TASK_ALWAYS_EAGER}; broker: {settings.CELERY_BROKER_URL}",
    ]


@pytest.fixture
def programme(db: Any) -> Any:
    from consultations.tests.factories import ProgrammeFactory

    return ProgrammeFactory()


@pytest.fixture
def team(programme: Any) -> Any:
    from teams.tests.factories import SectorTeamFactory

    return SectorTeamFactory(programme=programme)


@pytest.fixture
def other_team(programme: Any) -> Any:
    from teams.tests.factories import SectorTeamFactory

    return SectorTeamFactory(programme=programme)


@pytest.fixture
def anonymous() -> None:
    return None


@pytest.fixture
def member(team: Any) -> Any:
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=team, role="member").user


@pytest.fixture
def other_team_member(other_team: Any) -> Any:
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=other_team, role="member").user


@pytest.fixture
def moderator(team: Any) -> Any:
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=team, role="moderator").user


@pytest.fixture
def other_team_moderator(other_team: Any) -> Any:
    from teams.services import moderator_staff_sync
    from teams.tests.factories import MembershipFactory

    user = MembershipFactory(team=other_team, role="moderator").user
    # As through the membership service: moderators are staff to enter the admin.
    moderator_staff_sync(user=user)
    return user


@pytest.fixture
def coordinator(db: Any) -> Any:
    from teams.services import coordinators_group_sync
    from teams.tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(coordinators_group_sync())
    return user


@pytest.fixture
def as_role(request: pytest.FixtureRequest, client: Any) -> Any:
    """``as_role("member")`` logs the test client in as that persona (or not at all)."""

    def login(role: str) -> Any:
        user = request.getfixturevalue(role)
        if user is not None:
            client.force_login(user)
        return user

    return login


# ------------------------------------------------------------------------------
# Browser tests: Debian's Chromium driven by Playwright (docs/operations.md, "Pitfalls on our machines", item 5).
# Our own fixtures rather than pytest-playwright's, so the launch flags that keep
# Chromium off the closed network are applied everywhere.
# ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Any:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make system-deps`.")
        pytest.skip(f"Chromium is missing at {CHROMIUM} (make system-deps installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Any:
    context = browser.new_context(
        locale="pl-PL",
        timezone_id="Europe/Warsaw",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """A request in English leaves English active in the thread: restore Polish after each test."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
