"""An open consultation around the personas of the root conftest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress

from consultations.models import DraftVersion
from consultations.tests.factories import (
    DraftVersionFactory,
    ParagraphFactory,
    PhaseFactory,
    SectionFactory,
)
from core.dates import WARSAW

# PhaseFactory's comment phase runs 1–31 August 2011 (Warsaw time).
DURING = dt.datetime(2011, 8, 15, 12, tzinfo=WARSAW)
PHASE_END = dt.datetime(2011, 8, 31, 23, 59, 59, tzinfo=WARSAW)


def verify_email(user: Any) -> Any:
    """The personas have confirmed their e-mail addresses, as allauth requires."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def build_version(
    programme: Any,
    *,
    number: int = 1,
    sections: int = 3,
    paragraphs: int = 3,
    published: bool = True,
) -> DraftVersion:
    version = DraftVersionFactory(
        programme=programme,
        number=number,
        status="published" if published else "draft",
        published_at=dt.datetime(2011, 7, 31, 9, tzinfo=WARSAW) if published else None,
    )
    for s in range(1, sections + 1):
        section = SectionFactory(version=version, position=s, title=f"Rozdział {s}")
        for p in range(1, paragraphs + 1):
            ParagraphFactory(section=section, number=p, text=f"Treść paragrafu {s}.{p} — zażółć.")
    return version


@pytest.fixture
def phase(programme: Any) -> Any:
    return PhaseFactory(programme=programme)


@pytest.fixture
def version(programme: Any, phase: Any) -> DraftVersion:
    return build_version(programme)


@pytest.fixture
def during() -> Any:
    """Freeze the clock in the middle of the open comment phase."""
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def verified(member: Any, other_team_member: Any, moderator: Any, coordinator: Any) -> None:
    for user in (member, other_team_member, moderator, coordinator):
        verify_email(user)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Each persona's password would otherwise take ~0.3 s of PBKDF2 on our 2 cores."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def restore_language() -> Any:
    """A request with Accept-Language: en leaves English active in this thread."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)
