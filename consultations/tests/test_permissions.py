"""Every view of the consultation loop, for every role, GET and POST (docs/architecture.md, "Tests")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consultations.models import Comment
from consultations.tests.conftest import PHASE_END, build_version
from consultations.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator"]


@pytest.fixture
def world(programme, version, verified, member, during):
    """A published version open for comments, an unpublished one, and member's comment."""
    draft = build_version(programme, number=2, published=False)
    paragraph = version.sections.first().paragraphs.first()
    comment = CommentFactory(
        author=member,
        paragraph=paragraph,
        organisation=member.memberships.get().organisation,
    )
    return {"version": version, "draft": draft, "comment": comment, "slug": programme.slug}


def _login(client, request, role):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    return user


PUBLIC_GETS = [
    ("consultations:draft_list", lambda w: [w["slug"]]),
    ("consultations:draft_detail", lambda w: [w["slug"], 1]),
    ("consultations:comment_create", lambda w: [w["slug"], 1]),
    ("consultations:report", lambda w: [w["slug"]]),
    ("consultations:report_csv", lambda w: [w["slug"]]),
    ("consultations:report_xlsx", lambda w: [w["slug"]]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), PUBLIC_GETS)
def test_public_pages_are_open_to_every_role(client, request, world, role, name, args):
    _login(client, request, role)
    assert client.get(reverse(name, args=args(world))).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),
        ("coordinator", 200),
    ],
)
@pytest.mark.parametrize("name", ["consultations:draft_detail", "consultations:comment_create"])
def test_an_unpublished_version_is_404_for_all_but_coordinators(
    client, request, world, role, status, name
):
    _login(client, request, role)
    assert client.get(reverse(name, args=[world["slug"], 2])).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),
        ("coordinator", 200),
    ],
)
def test_only_coordinators_see_unpublished_versions_listed(client, request, world, role, status):
    _login(client, request, role)
    html = client.get(reverse("consultations:draft_list", args=[world["slug"]])).content.decode()
    listed = reverse("consultations:draft_detail", args=[world["slug"], 2]) in html
    assert listed == (status == 200)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("other_team_member", 302),
        ("moderator", 302),
        # The coordinator speaks for no organisation: the form says so (200).
        ("coordinator", 200),
    ],
)
def test_posting_a_comment(client, request, world, role, status):
    user = _login(client, request, role)
    data = {"proposed_wording": "P", "justification": "U"}
    if user is not None and user.memberships.exists():
        data["on_behalf"] = f"org-{user.memberships.get().organisation_id}"
    response = client.post(reverse("consultations:comment_create", args=[world["slug"], 1]), data)
    assert response.status_code == status
    created = Comment.objects.exclude(pk=world["comment"].pk)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
        assert not created.exists()
    elif status == 302:
        assert created.get().author == user
    else:
        assert not created.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),
        ("coordinator", 404),
    ],
)
def test_posting_to_an_unpublished_version_is_refused(client, request, world, role, status):
    user = _login(client, request, role)
    data = {"proposed_wording": "P", "justification": "U", "on_behalf": "x"}
    response = client.post(reverse("consultations:comment_create", args=[world["slug"], 2]), data)
    if role == "coordinator":
        # Coordinators may preview it, but nobody may comment on an unpublished version.
        assert response.status_code == 200
        assert user is not None
    else:
        assert response.status_code == status
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 200),
        ("other_team_member", 200),
        ("moderator", 200),
        ("coordinator", 200),
    ],
)
@pytest.mark.parametrize("name", ["consultations:my_comments", "teams:organisation_statement"])
def test_personal_pages_need_an_account(client, request, world, role, status, name):
    _login(client, request, role)
    response = client.get(reverse(name))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


AUTHOR_ONLY = [
    ("anonymous", 302),
    ("member", 200),
    ("other_team_member", 404),
    ("moderator", 404),
    ("coordinator", 404),
]


@pytest.mark.parametrize(("role", "status"), AUTHOR_ONLY)
@pytest.mark.parametrize("name", ["consultations:my_comment", "consultations:comment_edit"])
def test_a_comments_private_page_is_for_its_author_only(client, request, world, role, status, name):
    _login(client, request, role)
    assert client.get(reverse(name, args=[world["comment"].pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), AUTHOR_ONLY)
def test_only_the_author_may_post_an_edit(client, request, world, role, status):
    user = _login(client, request, role)
    comment = world["comment"]
    data = {
        "proposed_wording": "Zmienione",
        "justification": "U",
        "on_behalf": f"org-{comment.organisation_id}",
    }
    response = client.post(reverse("consultations:comment_edit", args=[comment.pk]), data)
    comment.refresh_from_db()
    expected = 302 if role == "member" else status
    assert response.status_code == expected
    assert (comment.proposed_wording == "Zmienione") == (role == "member")
    assert user is None or role != "member" or comment.history.latest().history_user == user


@pytest.mark.parametrize(("role", "status"), AUTHOR_ONLY)
def test_only_the_author_may_withdraw(client, request, world, role, status):
    _login(client, request, role)
    comment = world["comment"]
    response = client.post(reverse("consultations:comment_withdraw", args=[comment.pk]))
    comment.refresh_from_db()
    assert response.status_code == (302 if role == "member" else status)
    assert (comment.status == Comment.Status.WITHDRAWN) == (role == "member")


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_refuses_get(client, request, world, role):
    _login(client, request, role)
    response = client.get(reverse("consultations:comment_withdraw", args=[world["comment"].pk]))
    assert response.status_code in {302, 404, 405}
    assert world["comment"].status == Comment.Status.SUBMITTED


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("other_team_member", 302),
        ("moderator", 302),
        ("coordinator", 302),
    ],
)
def test_stating_an_organisation(client, request, world, role, status):
    from teams.models import Representative
    from teams.tests.factories import OrganisationFactory

    user = _login(client, request, role)
    organisation = OrganisationFactory()
    response = client.post(
        reverse("teams:organisation_statement"), {"pick-organisation": organisation.pk, "pick": ""}
    )
    assert response.status_code == status
    stated = Representative.objects.filter(organisation=organisation)
    if user is None:
        assert response["Location"].startswith(reverse("account_login"))
        assert not stated.exists()
    else:
        assert stated.get().user == user


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("other_team_member", 302),
        ("moderator", 403),
        ("coordinator", 200),
    ],
)
def test_the_answer_inbox_is_for_coordinators(client, request, world, role, status):
    user = _login(client, request, role)
    if user is not None and role != "coordinator":
        user.is_staff = True  # even with staff status, team roles cannot answer
        user.save()
    response = client.get(reverse("admin:consultations_comment_changelist") + "?answered=no")
    assert response.status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_can_publish_answers(client, request, world, during, role):
    # Answers are published after the comment phase (issue 10, item 8).
    during.move_to(PHASE_END + dt.timedelta(minutes=1))
    user = _login(client, request, role)
    if user is not None and role != "coordinator":
        user.is_staff = True
        user.save()
    comment = world["comment"]
    Comment.objects.filter(pk=comment.pk).update(answer="accepted", answer_justification="Tak.")
    client.post(
        reverse("admin:consultations_comment_changelist"),
        {"action": "publish_answers", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.is_answer_published == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_drafts_link_leads_to_the_current_programme(client, request, world, role):
    from programmes.models import Programme

    Programme.objects.filter(slug=world["slug"]).update(is_current=True)
    _login(client, request, role)
    response = client.get(reverse("consultations:current_drafts"))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:draft_list", args=[world["slug"]])


def test_the_drafts_link_is_404_without_any_programme(client, db):
    assert client.get(reverse("consultations:current_drafts")).status_code == 404


def test_the_home_page_links_the_current_draft_and_the_report(client, world):
    from programmes.models import Programme

    Programme.objects.filter(slug=world["slug"]).update(is_current=True)
    html = client.get("/").content.decode()
    assert f'href="{world["version"].get_absolute_url()}"' in html
    assert reverse("consultations:report", args=[world["slug"]]) in html
