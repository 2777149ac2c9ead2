"""The open-data API, /api/v1/ (django-ninja; why: docs/opendata.md). Read-only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Swagger
from ninja.pagination import LimitOffsetPagination, paginate

from opendata import schemas, selectors
from programmes.models import Programme

api = NinjaAPI(
    title="Konsultacje programu współpracy — otwarte dane",
    version="1",
    description=(
        "Read-only public record of the consultations: programmes, phases, published draft "
        "versions, published comments with answers (organisation names only), teams, goals "
        "and actions, closed SWOT boards. Licence: CC BY 4.0. Lists are paginated with "
        "`limit` (max 100) and `offset`; answers carry ETag and Last-Modified."
    ),
    urls_namespace="api-v1",
    docs=Swagger(),
    docs_url="/docs/",
    openapi_url="/schema/",
)


MAX_PAGE = 100


def _programme(slug: str | None) -> Programme | None:
    return get_object_or_404(Programme, slug=slug) if slug else None


@api.get("/programmes/", response=list[schemas.ProgrammeOut], tags=["programmes"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def programmes(request: HttpRequest) -> Any:
    return selectors.programmes()


@api.get("/programmes/{slug}/", response=schemas.ProgrammeOut, tags=["programmes"])
def programme(request: HttpRequest, slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


@api.get("/phases/", response=list[schemas.PhaseOut], tags=["programmes"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def phases(request: HttpRequest, programme: str | None = None) -> Any:
    return selectors.phases(_programme(programme))


@api.get("/versions/", response=list[schemas.VersionOut], tags=["drafts"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def versions(request: HttpRequest, programme: str | None = None) -> Any:
    return selectors.versions(_programme(programme))


@api.get("/versions/{version_id}/", response=schemas.VersionDetailOut, tags=["drafts"])
def version(request: HttpRequest, version_id: int) -> Any:
    from consultations.models import DraftVersion

    try:
        return selectors.version_detail(version_id)
    except DraftVersion.DoesNotExist:
        from django.http import Http404

        raise Http404 from None


@api.get("/comments/", response=list[schemas.CommentOut], tags=["drafts"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def comments(request: HttpRequest, programme: str | None = None) -> Any:
    return selectors.comments(_programme(programme))


@api.get("/teams/", response=list[schemas.TeamOut], tags=["teams"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def teams(request: HttpRequest, programme: str | None = None) -> Any:
    return selectors.teams(_programme(programme))


@api.get("/goals/", response=list[schemas.GoalOut], tags=["teams"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def goals(request: HttpRequest, programme: str | None = None) -> Any:
    return selectors.goals(_programme(programme))


@api.get("/swot/", response=list[schemas.SwotResultOut], tags=["teams"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def swot_results(request: HttpRequest, programme: str | None = None) -> Any:
    return selectors.swot_results(_programme(programme))
