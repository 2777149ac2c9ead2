"""The consultation record cannot be bent (issue 10): comments are never deleted.

The public report lists every comment received numbered 1..N with no gap, each once,
each with its status; no service, admin page or SQL statement makes N smaller.
"""

from __future__ import annotations

import csv
import importlib
import io
import sqlite3
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import load_workbook

from consultations import exports, selectors, services
from consultations.db import register_sqlite_functions, whole_database_flush
from consultations.models import Comment
from consultations.tests.conftest import DURING, build_version, verify_email
from consultations.tests.factories import CommentFactory, PhaseFactory, ProgrammeFactory
from teams.tests.factories import MembershipFactory, SectorTeamFactory, UserFactory

pytestmark = pytest.mark.django_db

DB_REFUSALS = (IntegrityError, InternalError)


def report_numbers(programme: Any) -> dict[int, list[int]]:
    """Numbers in the public report per version number, in the order they appear."""
    result: dict[int, list[int]] = {}
    for comment in selectors.report_comments(programme):
        result.setdefault(comment.version.number, []).append(comment.number)
    return result


def assert_numbered_without_gap(programme: Any) -> None:
    for numbers in report_numbers(programme).values():
        assert numbers == list(range(1, len(numbers) + 1))


# ------------------------------------------------------------------------------
# The database refuses DELETE
# ------------------------------------------------------------------------------
def test_delete_by_sql_is_refused():
    comment = CommentFactory()
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM consultations_comment WHERE id = %s", [comment.pk])
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_delete_through_the_orm_is_refused():
    comment = CommentFactory(status=Comment.Status.WITHDRAWN)
    with pytest.raises(DB_REFUSALS), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).delete()
    with pytest.raises(DB_REFUSALS), transaction.atomic():
        comment.delete()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_deleting_the_version_or_the_author_is_refused_too():
    comment = CommentFactory()
    with pytest.raises(ProtectedError):
        comment.author.delete()
    with pytest.raises((ProtectedError, *DB_REFUSALS)), transaction.atomic():
        comment.version.programme.delete()


def _sqlite_with_trigger() -> sqlite3.Connection:
    """The migration's SQLite statements on a bare table named like ours."""
    migration = importlib.import_module(
        "consultations.migrations.0013_comment_delete_refused_triggers"
    )
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE consultations_comment (id INTEGER PRIMARY KEY, number INTEGER)")

    class Editor:
        class connection:  # noqa: N801  (mimics schema_editor.connection)
            vendor = "sqlite"

        @staticmethod
        def execute(sql: str) -> None:
            db.execute(sql)

    migration.create_triggers(None, Editor)
    db.execute("INSERT INTO consultations_comment (id, number) VALUES (1, 1)")
    return db


def test_the_sqlite_trigger_refuses_delete():
    db = _sqlite_with_trigger()

    class Wrapper:
        vendor = "sqlite"
        connection = db

    register_sqlite_functions(None, Wrapper)
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM consultations_comment")
    assert db.execute("SELECT count(*) FROM consultations_comment").fetchone() == (1,)


def test_the_sqlite_trigger_refuses_delete_where_our_function_is_unknown():
    db = _sqlite_with_trigger()  # as in the sqlite3 shell: no function registered
    with pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM consultations_comment")


def test_the_sqlite_trigger_lets_only_a_whole_database_flush_through():
    db = _sqlite_with_trigger()

    class Wrapper:
        vendor = "sqlite"
        connection = db

    register_sqlite_functions(None, Wrapper)
    with whole_database_flush():
        db.execute("DELETE FROM consultations_comment")
    assert db.execute("SELECT count(*) FROM consultations_comment").fetchone() == (0,)


# ------------------------------------------------------------------------------
# The admin offers no deletion
# ------------------------------------------------------------------------------
def test_the_admin_has_no_delete_page_or_action(client, coordinator):
    comment = CommentFactory()
    client.force_login(coordinator)
    response = client.get(reverse("admin:consultations_comment_delete", args=[comment.pk]))
    assert response.status_code == 403
    changelist = client.get(reverse("admin:consultations_comment_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    response = client.post(
        reverse("admin:consultations_comment_changelist"),
        {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"},
    )
    assert Comment.objects.filter(pk=comment.pk).exists()


# ------------------------------------------------------------------------------
# Withdrawn and set-aside comments keep their number
# ------------------------------------------------------------------------------
@pytest.fixture
def three(programme):
    version = build_version(programme)
    paragraph = version.sections.first().paragraphs.first()
    comments = [CommentFactory(version=version, paragraph=paragraph, number=n) for n in (1, 2, 3)]
    return version, comments


def test_a_withdrawn_comment_keeps_its_number_and_shows_as_withdrawn(client, programme, three):
    _version, comments = three
    Comment.objects.filter(pk=comments[1].pk).update(status=Comment.Status.WITHDRAWN)
    assert_numbered_without_gap(programme)
    html = client.get(reverse("consultations:report", args=[programme.slug])).content.decode()
    assert 'id="comment-1-2"' in html
    assert "status-withdrawn" in html
    assert comments[1].proposed_wording not in html or comments[0].proposed_wording  # hidden row


def test_a_coordinator_sets_a_comment_aside_with_a_reason(client, programme, three, coordinator):
    _version, comments = three
    Comment.objects.filter(pk=comments[0].pk).update(proposed_wording="KUP TANIO LEKI")
    marked = services.comment_not_a_comment_mark(
        comment=comments[0],
        kind=Comment.NotACommentKind.SPAM,
        reason="Reklama niezwiązana z programem.",
        by=coordinator,
        now=DURING,
    )
    assert marked.number == 1
    assert marked.status == Comment.Status.NOT_A_COMMENT
    last = marked.history.order_by("-history_date").first()
    assert last.history_user == coordinator
    assert last.not_a_comment_reason == "Reklama niezwiązana z programem."
    assert "not a comment on this document" in last.history_change_reason
    assert_numbered_without_gap(programme)
    html = client.get(reverse("consultations:report", args=[programme.slug])).content.decode()
    assert "KUP TANIO LEKI" not in html
    assert "Reklama niezwiązana z programem." in html
    assert 'id="comment-1-1"' in html


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_a_coordinator_sets_a_comment_aside(request, three, role):
    _version, comments = three
    with pytest.raises(ValidationError):
        services.comment_not_a_comment_mark(
            comment=comments[0],
            kind="spam",
            reason="x",
            by=request.getfixturevalue(role),
            now=DURING,
        )


def test_setting_aside_needs_a_reason(three, coordinator):
    _version, comments = three
    with pytest.raises(ValidationError) as exc:
        services.comment_not_a_comment_mark(
            comment=comments[0], kind="spam", reason="  ", by=coordinator, now=DURING
        )
    assert "not_a_comment_reason" in exc.value.message_dict


def test_the_admin_sets_a_comment_aside_through_the_service(client, three, coordinator):
    _version, comments = three
    client.force_login(coordinator)
    url = reverse("admin:consultations_comment_change", args=[comments[2].pk])
    response = client.post(
        url,
        {
            "answer": "",
            "answer_justification": "",
            "correction_reason": "",
            "resulting_paragraph": "",
            "not_a_comment_kind": "other_matter",
            "not_a_comment_reason": "Dotyczy remontu drogi, przekazano do ZDMK.",
        },
    )
    assert response.status_code == 302
    comments[2].refresh_from_db()
    assert comments[2].is_not_a_comment
    assert comments[2].history.first().history_user == coordinator


def test_exports_list_every_number_with_its_status_and_hide_unpublished_text(programme, three):
    _version, comments = three
    Comment.objects.filter(pk=comments[1].pk).update(status=Comment.Status.WITHDRAWN)
    rows = list(csv.reader(io.StringIO(_csv(programme))))
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    status_col = rows[0].index(str(exports.report_header()[-1]))
    assert all(r[status_col] for r in rows[1:])
    assert comments[0].proposed_wording not in _csv(programme)  # answer not published yet
    sheet = load_workbook(
        io.BytesIO(exports.report_xlsx(programme, selectors.report_comments(programme)))
    ).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["1", "2", "3"]


def _csv(programme: Any) -> str:
    out = io.StringIO()
    exports.report_csv(selectors.report_comments(programme), out)
    return out.getvalue()


# ------------------------------------------------------------------------------
# The invariant over random histories (hypothesis; docs/operations.md, "Pitfalls on our machines")
# ------------------------------------------------------------------------------
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["submit", "withdraw", "set_aside", "answer", "publish", "delete"]),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=25,
)


class ReportNumberingInvariant(HypothesisTestCase):
    """Whatever happens through services, the admin or SQL, the report stays 1..N."""

    def setUp(self) -> None:
        from teams.services import coordinators_group_sync

        self.programme = ProgrammeFactory()
        PhaseFactory(programme=self.programme)
        self.version = build_version(self.programme, sections=1, paragraphs=2)
        team = SectorTeamFactory(programme=self.programme)
        self.members = [
            verify_email(MembershipFactory(team=team, role="member").user) for _ in range(2)
        ]
        self.coordinator = UserFactory(is_staff=True)
        self.coordinator.groups.add(coordinators_group_sync())

    def _data(self, author: Any) -> services.CommentData:
        capacity = selectors.commenter_capacities(author)[0]
        return services.CommentData(
            current_wording="",
            proposed_wording="Nowy zapis.",
            justification="Bo tak.",
            capacity=capacity.capacity,
            organisation=capacity.organisation,
        )

    def _apply(self, op: str, pick: int, received: int) -> int:
        comments = list(Comment.objects.filter(version=self.version).order_by("number"))
        target = comments[pick % len(comments)] if comments else None
        try:
            if op == "submit":
                author = self.members[pick % 2]
                services.comment_submit(
                    author=author,
                    version=self.version,
                    paragraph=None,
                    data=self._data(author),
                    now=DURING,
                )
                return received + 1
            if target is None:
                return received
            if op == "withdraw":
                services.comment_withdraw(comment=target, author=target.author, now=DURING)
            elif op == "set_aside":
                services.comment_not_a_comment_mark(
                    comment=target,
                    kind="abuse",
                    reason="Obraźliwa treść.",
                    by=self.coordinator,
                    now=DURING,
                )
            elif op == "answer":
                services.comment_answer_record(
                    comment=target,
                    answer="rejected",
                    justification="Nie.",
                    by=self.coordinator,
                    now=DURING,
                    reason="korekta",
                )
            elif op == "publish":
                services.comment_answers_publish(comments=[target], by=self.coordinator, now=DURING)
            elif op == "delete":
                with transaction.atomic():
                    Comment.objects.filter(pk=target.pk).delete()
        except (ValidationError, *DB_REFUSALS):
            pass  # refusals are fine; the invariant below is what matters
        return received

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(OPERATIONS)
    def test_the_report_is_numbered_1_to_n_with_a_status_for_each(
        self, operations: list[tuple[str, int]]
    ) -> None:
        received = 0
        for op, pick in operations:
            before = Comment.objects.filter(version=self.version).count()
            received = self._apply(op, pick, received)
            after = Comment.objects.filter(version=self.version).count()
            assert after >= before  # no operation reduces N
        rows = list(selectors.report_comments(self.programme))
        assert [c.number for c in rows] == list(range(1, received + 1))
        assert all(c.public_status for c in rows)

    def test_the_histories_do_submit_comments(self) -> None:
        """Guard against a vacuous invariant: a submit in these histories succeeds."""
        assert self._apply("submit", 0, 0) == 1
        assert self._apply("delete", 0, 1) == 1
        assert [c.number for c in selectors.report_comments(self.programme)] == [1]
