"""Open-data API: schema, pagination, public fields only, ETag, CORS, 429, dumps."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

from core.models import StoredFile

pytestmark = pytest.mark.django_db

LISTS = ["programmes", "phases", "versions", "comments", "teams", "goals", "swot"]

# The public report's columns (consultations.exports.report_header) plus the row id:
# nothing else about a comment may leave the portal.
COMMENT_KEYS = {
    "id",
    "version",
    "number",
    "part",
    "current_wording",
    "proposed_wording",
    "justification",
    "organisation",
    "position",
    "position_justification",
    "answer_published_at",
}
ALLOWED_KEYS = {
    "programmes": {
        "id", "slug", "title", "municipality", "kind", "first_year", "last_year",
        "legal_basis", "report_summary", "report_published_at",
    },
    "phases": {"id", "programme_id", "kind", "name", "description", "starts_at", "ends_at"},
    "versions": {"id", "programme_id", "number", "title", "change_note", "published_at"},
    "comments": COMMENT_KEYS,
    "teams": {"id", "programme_id", "slug", "name", "kind", "scope"},
    "goals": {"id", "team_id", "title", "description", "solutions", "actions"},
    "swot": {"id", "team_id", "topic", "closed_at", "items"},
}  # fmt: skip


@pytest.fixture
def seeded(demo_seed_class: Any, db: Any) -> None:
    """The demo, loaded once for the class that asks for it."""


def test_the_schema_is_valid_openapi_and_lists_every_endpoint(client: Any, db: Any) -> None:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    paths = set(spec["paths"])
    for name in LISTS:
        assert f"/api/v1/{name}/" in paths
    assert "/api/v1/versions/{version_id}/" in paths


def test_the_docs_page_uses_vendored_assets_only(client: Any, db: Any) -> None:
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # CSP: no inline script


def test_an_unpublished_version_is_404(client: Any, programme: Any) -> None:
    from consultations.tests.factories import version_with_sections

    draft = version_with_sections(programme)
    assert client.get(f"/api/v1/versions/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/versions/").json()["count"] == 0


def test_cors_is_open_for_reads(client: Any, db: Any) -> None:
    response = client.get("/api/v1/programmes/", HTTP_ORIGIN="https://dane.gov.pl")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/programmes/", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/programmes/").status_code == 405


def test_the_limit_answers_429_with_a_clear_message(client: Any, db: Any, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert client.get("/api/v1/programmes/").status_code == 200
    response = client.get("/api/v1/programmes/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "at most 3 per minute" in response.json()["detail"]
    # Another address has its own window.
    assert client.get("/api/v1/programmes/", REMOTE_ADDR="10.0.0.9").status_code == 200


class TestOnTheSeededDemo:
    """Tests that read the demo, seeded once for the class (conftest.py, demo_seed_module)."""

    def test_every_list_paginates_and_carries_only_public_keys(
        self, client: Any, seeded: None
    ) -> None:
        for name in LISTS:
            full = client.get(f"/api/v1/{name}/", {"limit": 100}).json()
            assert full["count"] >= 2, name
            page = client.get(f"/api/v1/{name}/", {"limit": 1, "offset": 1}).json()
            assert page["count"] == full["count"]
            assert page["items"] == full["items"][1:2], name
            for item in full["items"]:
                assert set(item) == ALLOWED_KEYS[name], name
        # A larger limit is cut to the maximum page of 100 (ninja's max_limit).
        assert len(client.get("/api/v1/phases/", {"limit": 1000}).json()["items"]) <= 100

    def test_comments_name_organisations_never_people(self, client: Any, seeded: None) -> None:
        from consultations.models import Comment

        body = client.get("/api/v1/comments/", {"limit": 100}).content.decode()
        data = json.loads(body)
        published = Comment.objects.filter(answer_published_at__isnull=False).exclude(
            status="withdrawn"
        )
        assert data["count"] == published.count()
        for comment in published.select_related("author"):
            for value in (comment.author.last_name, comment.author.email, comment.author.username):
                assert value
                assert value not in body
        # An unanswered (demo) comment is not there.
        unanswered = Comment.objects.filter(answer_published_at__isnull=True).first()
        assert unanswered is not None
        assert unanswered.justification not in body

    def test_a_version_holds_its_sections_and_paragraphs(self, client: Any, seeded: None) -> None:
        from consultations.models import DraftVersion

        version = DraftVersion.objects.published().first()
        assert version is not None
        data = client.get(f"/api/v1/versions/{version.pk}/").json()
        assert data["id"] == version.pk
        assert len(data["sections"]) == version.sections.count()
        assert data["sections"][0]["paragraphs"][0]["anchor"].startswith("p-")

    def test_etag_round_trip_gives_304_and_last_modified(self, client: Any, seeded: None) -> None:
        first = client.get("/api/v1/programmes/")
        assert first.status_code == 200
        assert first["ETag"]
        assert first["Last-Modified"]
        again = client.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        other = client.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH='"stale"')
        assert other.status_code == 200

    def test_the_daily_dump_stores_json_csv_and_licence(
        self, seeded: None, client: Any, settings: Any, tmp_path: Any
    ) -> None:
        from django_celery_beat.models import PeriodicTask

        from opendata.tasks import dump_all
        from programmes.models import Programme

        settings.MEDIA_ROOT = str(tmp_path)
        # One dump per programme: the seed's 2012–2014 and the demo's 2025–2027 and 2028–2030.
        assert dump_all() == Programme.objects.count() == 3
        assert dump_all() == 3  # the next day's dump replaces the files, under the same names

        def fetch(filename: str) -> Any:
            response = client.get(f"/opendata/wpw-2012-2014/{filename}")
            assert response.status_code == 200
            return response, b"".join(response.streaming_content)

        response, body = fetch("data.json")
        data = json.loads(body.decode("utf-8"))
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"] == 'attachment; filename="data.json"'
        assert data["licence"] == "CC-BY-4.0"
        assert {k for c in data["comments"] for k in c} == COMMENT_KEYS
        assert "CC BY 4.0" in fetch("LICENCE.txt")[1].decode("utf-8")
        response, body = fetch("comments.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert body.decode("utf-8-sig").startswith("Nr,")
        # Stored once per name, in the database: no file on this machine's disk.
        assert StoredFile.objects.filter(name__startswith="opendata/wpw-2012-2014/").count() == 3
        assert list(tmp_path.rglob("*")) == []
        assert client.get("/opendata/wpw-2012-2014/settings.py").status_code == 404
        assert client.get("/opendata/nie-ma/data.json").status_code == 404
        assert PeriodicTask.objects.get(name="Daily open-data dump").task == "opendata.dump_all"


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "other_team_member", "moderator", "coordinator"]
)
def test_dump_files_are_public_for_every_role(
    request: Any, client: Any, role: str, programme: Any
) -> None:
    from opendata.services import open_data_dump

    open_data_dump(programme=programme)
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    response = client.get(f"/opendata/{programme.slug}/LICENCE.txt")
    assert response.status_code == 200
    assert "CC BY 4.0" in b"".join(response.streaming_content).decode("utf-8")
