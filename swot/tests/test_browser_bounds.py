"""A refused amount in real Chromium: message beside the field, text kept (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.testing import axe_violations, screenshot_dir
from swot.models import Action
from swot.tests.browser import logged_in_page
from swot.tests.factories import GoalFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", [360, 1280])
def test_an_ambiguous_amount_is_refused_beside_the_field(
    browser: Any, live_server: Any, team: Any, moderator: Any, width: int
) -> None:
    goal = GoalFactory(team=team)
    page = logged_in_page(browser, live_server, moderator, width=width, language="pl")
    try:
        page.goto(live_server.url + reverse("swot:goal_edit", args=[goal.pk]))
        form = page.locator("form", has=page.locator("#action_planned_funds"))
        form.locator("#action_title").fill("Konkursy wieloletnie")
        form.locator("#action_responsible_party").fill("Wydział Spraw Społecznych")
        form.locator("#action_cooperation_form").select_option("commissioning")
        form.locator("#action_first_year").fill("2012")
        form.locator("#action_last_year").fill("2013")
        form.locator("#action_planned_funds").fill("1,2,3")
        form.locator("button[type=submit]").click()
        field = page.locator("#action_planned_funds")
        expect(field).to_have_value("1,2,3")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(page.locator(".invalid-feedback").first).to_contain_text("1 200 000,50 zł")
        assert not Action.objects.exists()
        assert axe_violations(page) == []
        if (shots := screenshot_dir()) is not None:
            page.screenshot(path=str(shots / f"amount-refused-{width}.png"), full_page=True)
    finally:
        page.context.close()
