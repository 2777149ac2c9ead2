"""Every form that takes a POST, fed junk: never a 500, nothing stored half-way (issue 16).

Each form of the URL configuration gets random Unicode, 1 MB strings, empty values, NUL
bytes, absurd numbers, years and dates in every field it has (docs/operations.md,
"Property tests"). A post the portal refuses (anything but a redirect) must leave every
table as it was. The Django test client re-raises a view's exception, so a crash fails
the example with its traceback. Example counts are modest and the "ci" profile is
derandomized (root conftest), so the suite stays fast and a failure reproduces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from consultations.tests.conftest import build_version, verify_email
from consultations.tests.factories import CommentFactory, PhaseFactory, ProgrammeFactory
from implementation.models import Survey
from implementation.tests.factories import adopt
from swot.tests.factories import (
    ActionFactory,
    GoalFactory,
    ProposedSolutionFactory,
    SwotItemFactory,
    SwotSessionFactory,
)
from teams import services as team_services
from teams.models import Representative
from teams.tests.factories import MeetingFactory, MembershipFactory, SectorTeamFactory, UserFactory

MEGABYTE = "x" * 1_000_000

# Values that broke or nearly broke forms before: out-of-range numbers and dates,
# ambiguous amounts, Unicode digits, control characters.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "2101",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "1,2,3",
    "12 34,5,6",
    "1.200.000",
    "０００００１２３４５",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "31.02.2020",
    "\r\nBcc: x@example.org",
    "<script>alert(1)</script>",
    "‮gnp.exe",
]

junk = st.one_of(
    st.text(max_size=80),
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=10).map(lambda s: s + "\x00" + s),
    st.just(MEGABYTE),
)


@dataclass(frozen=True)
class Case:
    """One POST form: who posts it, where, and the names of its fields."""

    role: str
    url: Callable[[Any], str]
    fields: tuple[str, ...]
    fixed: dict[str, str] = field(default_factory=dict)


def _counted_tables() -> list[str]:
    """Every table of the portal's apps and the accounts (sessions and logs excepted)."""
    labels = {
        "programmes", "teams", "swot", "consultations", "implementation", "reminders",
        "grouping", "personal_data", "auth", "account",
    }  # fmt: skip
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in labels and model._meta.managed
    )


def _row_counts(tables: list[str]) -> tuple[int, ...]:
    # One query for all tables: a few thousand examples stay cheap.
    # Table names come from the models, never from input.
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


CASES: dict[str, Case] = {
    # -- consultations: the comment form and a member's own comment
    "comment_create": Case(
        "member",
        lambda w: reverse(
            "consultations:comment_create", args=[w.programme.slug, w.version.number]
        ),
        (
            "paragraph",
            "paragraph_label",
            "capacity",
            "organisation",
            "current_wording",
            "proposed_wording",
            "justification",
        ),
    ),
    "comment_create_anonymous": Case(
        "anonymous",
        lambda w: reverse(
            "consultations:comment_create", args=[w.programme.slug, w.version.number]
        ),
        ("paragraph", "current_wording", "proposed_wording", "justification"),
    ),
    "comment_edit": Case(
        "member",
        lambda w: reverse("consultations:comment_edit", args=[w.comment.pk]),
        (
            "paragraph",
            "capacity",
            "organisation",
            "current_wording",
            "proposed_wording",
            "justification",
        ),
    ),
    "comment_withdraw": Case(
        "member",
        lambda w: reverse("consultations:comment_withdraw", args=[w.comment.pk]),
        ("reason", "confirm"),
    ),
    "programme_start_next": Case(
        "coordinator",
        lambda w: reverse("consultations:programme_start_next", args=[w.programme.slug]),
        ("first_year", "last_year", "title", "slug", "make_current", "propose"),
    ),
    # -- SWOT boards, goals, solutions, actions
    "swot_item_add": Case(
        "member", lambda w: reverse("swot:item_add", args=[w.session.pk]), ("quadrant", "text")
    ),
    "swot_item_edit": Case(
        "moderator", lambda w: reverse("swot:item_edit", args=[w.item.pk]), ("quadrant", "text")
    ),
    "swot_item_merge": Case(
        "moderator", lambda w: reverse("swot:item_merge", args=[w.session.pk]), ("source", "target")
    ),
    "swot_item_move": Case(
        "moderator", lambda w: reverse("swot:item_move", args=[w.item.pk]), ("direction",)
    ),
    "swot_session_create": Case(
        "moderator",
        lambda w: reverse("swot:session_create", args=[w.meeting.pk]),
        ("topic", "votes_per_member"),
    ),
    "swot_session_state": Case(
        "moderator", lambda w: reverse("swot:session_state", args=[w.session.pk]), ("action",)
    ),
    "goal_create": Case(
        "moderator",
        lambda w: reverse("swot:goal_create", args=[w.team.slug]),
        ("title", "description", "priority_areas", "swot_items"),
    ),
    "goal_edit": Case(
        "moderator",
        lambda w: reverse("swot:goal_edit", args=[w.goal.pk]),
        ("title", "description", "priority_areas", "swot_items"),
    ),
    "solution_add": Case(
        "moderator", lambda w: reverse("swot:solution_add", args=[w.goal.pk]), ("text",)
    ),
    "solution_change": Case(
        "moderator", lambda w: reverse("swot:solution_change", args=[w.solution.pk]), ("change",)
    ),
    "action_add": Case(
        "moderator",
        lambda w: reverse("swot:action_add", args=[w.goal.pk]),
        (
            "title",
            "responsible_party",
            "cooperation_form",
            "first_year",
            "last_year",
            "indicator",
            "planned_funds",
        ),
    ),
    "action_edit": Case(
        "moderator",
        lambda w: reverse("swot:action_edit", args=[w.action.pk]),
        (
            "title",
            "responsible_party",
            "cooperation_form",
            "first_year",
            "last_year",
            "indicator",
            "planned_funds",
        ),
    ),
    # -- teams: contact, organisation, meetings, invitations
    "team_contact": Case(
        "anonymous",
        lambda w: reverse("teams:team_contact", args=[w.team.slug]),
        ("name", "email", "message"),
    ),
    "organisation_register": Case(
        "member",
        lambda w: reverse("teams:organisation_statement"),
        (
            "new-name",
            "new-krs",
            "new-other_register",
            "new-nip",
            "new-regon",
            "new-address",
            "new-email",
            "new-website",
        ),
        {"register": "1"},
    ),
    "organisation_pick": Case(
        "member", lambda w: reverse("teams:organisation_statement"), ("pick-organisation",)
    ),
    "meeting_create": Case(
        "moderator",
        lambda w: reverse("teams:meeting_create", args=[w.team.slug]),
        ("title", "starts_at", "ends_at", "place", "ground_rules", "speaker_time_limit_seconds"),
    ),
    "meeting_edit": Case(
        "moderator",
        lambda w: reverse("teams:meeting_edit", args=[w.meeting.pk]),
        ("title", "starts_at", "ends_at", "place", "ground_rules", "speaker_time_limit_seconds"),
    ),
    "meeting_attendance": Case(
        "moderator",
        lambda w: reverse("teams:meeting_attendance", args=[w.meeting.pk]),
        ("present", "user", "organisation"),
    ),
    "meeting_minutes": Case(
        "moderator", lambda w: reverse("teams:meeting_minutes", args=[w.meeting.pk]), ("minutes",)
    ),
    "team_invitations": Case(
        "moderator",
        lambda w: reverse("teams:team_invitations", args=[w.team.slug]),
        ("email", "role", "action", "invitation"),
    ),
    "member_add": Case(
        "moderator", lambda w: reverse("teams:member_add", args=[w.team.slug]), ("user", "role")
    ),
    "invitation_accept": Case(
        "invitee",
        lambda w: reverse("teams:invitation_accept", args=[w.invitation_token]),
        ("public_name_consent", "organisation"),
    ),
    # -- people: reminders, personal data, search, accounts
    "reminder_preferences": Case(
        "member",
        lambda w: reverse("reminders:preferences"),
        (
            "language",
            "comment_phase",
            "team_work",
            "unanswered_comments",
            "unpublished_answers",
            "empty_sections",
            "adoption_deadline",
            "implementation_report",
        ),
    ),
    "delete_account": Case(
        "member", lambda w: reverse("personal_data:delete_account"), ("password", "confirm")
    ),
    "signup": Case(
        "anonymous", lambda w: reverse("account_signup"), ("email", "password1", "password2")
    ),
    "login": Case("anonymous", lambda w: reverse("account_login"), ("login", "password")),
}

RECORD_FIELDS = (
    "status",
    "dropped_reason",
    "indicator_target",
    "indicator_value",
    "funds_planned",
    "funds_spent",
    "open_competition",
    "grants_awarded",
    "grants_total",
    "organisations_involved",
    "remarks",
)

CASES |= {
    # -- the coordinators' document editor on an unpublished version
    "paragraph_edit": Case(
        "coordinator",
        lambda w: reverse(
            "consultations:paragraph_edit", args=[w.programme.slug, 2, w.draft_paragraph.pk]
        ),
        ("text",),
    ),
    "paragraph_create": Case(
        "coordinator",
        lambda w: reverse(
            "consultations:paragraph_create",
            args=[w.programme.slug, 2, w.draft_paragraph.section_id],
        ),
        ("text", "after"),
    ),
    "section_edit": Case(
        "coordinator",
        lambda w: reverse(
            "consultations:section_edit",
            args=[w.programme.slug, 2, w.draft_paragraph.section_id],
        ),
        ("title", "action"),
    ),
    # -- after adoption: results, the annual report, the survey
    "implementation_results": Case(
        "official",
        lambda w: reverse("implementation:results", args=[w.programme.slug, 2012]),
        tuple(f"a{{action}}-{name}" for name in RECORD_FIELDS),
    ),
    "implementation_report_edit": Case(
        "coordinator",
        lambda w: reverse("implementation:report_edit", args=[w.programme.slug, 2012]),
        ("summary", "non_financial", "teams_activity", "conclusions", "action"),
    ),
    "implementation_survey": Case(
        "member",
        lambda w: reverse("implementation:survey", args=[w.programme.slug, 2012]),
        ("organisation", "open_competition", "small_grant", "contract", "non_financial", "remarks"),
    ),
    # -- erasure on request (coordinators)
    "erase_on_request": Case(
        "coordinator",
        lambda w: reverse("personal_data:erase", args=[w.users["invitee"].pk]),
        ("reason", "confirm"),
    ),
}

GET_CASES: dict[str, Case] = {
    "search": Case(
        "anonymous", lambda w: reverse("search:search"), ("q", "programme", "kind", "team", "page")
    ),
}


class FormsUnderJunk(TestCase):
    """The world of one programme, its team and boards; each example posts one form."""

    @classmethod
    def setUpTestData(cls) -> None:
        now = timezone.now()
        cls.programme = ProgrammeFactory()
        PhaseFactory(
            programme=cls.programme,
            starts_at=now - dt.timedelta(days=5),
            ends_at=now + dt.timedelta(days=20),
        )
        cls.version = build_version(cls.programme, sections=1, paragraphs=2)
        cls.team = SectorTeamFactory(programme=cls.programme)
        cls.users = {
            "member": verify_email(MembershipFactory(team=cls.team, role="member").user),
            "moderator": verify_email(MembershipFactory(team=cls.team, role="moderator").user),
            "coordinator": verify_email(UserFactory(is_staff=True)),
            "invitee": verify_email(UserFactory()),
        }
        cls.users["coordinator"].groups.add(team_services.coordinators_group_sync())
        team_services.moderator_staff_sync(user=cls.users["moderator"])
        member = cls.users["member"]
        cls.comment = CommentFactory(
            author=member,
            version=cls.version,
            paragraph=cls.version.sections.first().paragraphs.first(),
            organisation=member.memberships.get().organisation,
        )
        cls.meeting = MeetingFactory(team=cls.team)
        cls.session = SwotSessionFactory(meeting=cls.meeting, votes_per_member=3)
        cls.item = SwotItemFactory(session=cls.session)
        SwotItemFactory(session=cls.session)
        cls.goal = GoalFactory(team=cls.team)
        cls.solution = ProposedSolutionFactory(goal=cls.goal)
        cls.action = ActionFactory(goal=cls.goal)
        invitation = team_services.invitation_create(
            team=cls.team,
            email=cls.users["invitee"].email,
            role="member",
            by=cls.users["moderator"],
            now=now,
        )
        cls.invitation_token = team_services.invitation_token(invitation)
        draft = build_version(cls.programme, number=2, sections=1, paragraphs=2, published=False)
        cls.draft_paragraph = draft.sections.first().paragraphs.first()
        adopt(cls.programme)
        cls.users["official"] = verify_email(
            MembershipFactory(team=cls.team, role="official", organisation=None).user
        )
        Survey.objects.create(
            programme=cls.programme,
            year=2012,
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=10),
        )
        Representative.objects.create(user=member, organisation=cls.comment.organisation)
        cls.tables = _counted_tables()

    def _login(self, role: str) -> None:
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(self.users[role])

    def _post(self, name: str, data: dict[str, str]) -> None:
        case = CASES[name]
        self._login(case.role)
        before = _row_counts(self.tables)
        # Field names that carry the action's pk (the results page's per-action prefix).
        data = {key.replace("{action}", str(self.action.pk)): v for key, v in data.items()}
        response = self.client.post(case.url(self), case.fixed | data)
        assert response.status_code < 500, (name, response.status_code)
        if response.status_code != 302:
            # Refused: not one row more or less anywhere.
            assert _row_counts(self.tables) == before, name

    def _get(self, name: str, data: dict[str, str]) -> None:
        case = GET_CASES[name]
        self._login(case.role)
        # A GET cannot carry a megabyte in its query string past any proxy: cut it.
        query = {k: v[:5000] for k, v in data.items()}
        response = self.client.get(case.url(self), query)
        assert response.status_code < 500, (name, response.status_code)


def _payload(case: Case) -> st.SearchStrategy[dict[str, str]]:
    # Each field present with junk, or absent altogether (a hand-made POST).
    return st.fixed_dictionaries({}, optional=dict.fromkeys(case.fields, junk))


def _make_test(name: str, case: Case, *, get: bool = False) -> Callable[..., None]:
    @settings(max_examples=30, deadline=None)
    @given(data=_payload(case))
    def test(self: FormsUnderJunk, data: dict[str, str]) -> None:
        (self._get if get else self._post)(name, data)

    test.__name__ = f"test_{name}_never_fails_and_never_half_stores"
    return test


@settings(max_examples=30, deadline=None)
@given(cells=st.lists(junk.map(lambda v: v[:2000]), min_size=1, max_size=20))
def _test_results_import(self: FormsUnderJunk, cells: list[str]) -> None:
    """A CSV of the template's header and one row of junk cells: refused or stored whole."""
    self._login("official")
    base = reverse("implementation:results", args=[self.programme.slug, 2012])
    header = self.client.get(base + "template.csv").content.decode().splitlines()[0]
    body = header + "\r\n" + ";".join(c.replace(";", ",").replace("\n", " ") for c in cells)
    upload = SimpleUploadedFile("wyniki.csv", body.encode("utf-8"), content_type="text/csv")
    before = _row_counts(self.tables)
    response = self.client.post(base + "import/", {"file": upload})
    assert response.status_code < 500
    if response.status_code != 302:
        assert _row_counts(self.tables) == before


FormsUnderJunk.test_results_import = _test_results_import  # type: ignore[attr-defined]

for _name, _case in CASES.items():
    setattr(FormsUnderJunk, f"test_{_name}", _make_test(_name, _case))
for _name, _case in GET_CASES.items():
    setattr(FormsUnderJunk, f"test_{_name}", _make_test(_name, _case, get=True))
