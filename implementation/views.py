"""Pages of the implementation: years, the report and its downloads, results, import, survey."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from consultations.models import Adoption
from core.bounds import parse_id
from core.storage import stored_file_response
from implementation import charts, exports, imports, pdf, selectors, services
from implementation.forms import ImportForm, RecordForm, ReportForm, SurveyForm
from implementation.models import (
    AnnualReport,
    ImplementationRecord,
    Survey,
    SurveyAnswer,
    report_due_on,
)
from programmes.models import Programme
from teams.models import Organisation, Representative

AuthenticatedHttpRequest = HttpRequest  # login-only views: request.user is a User


def _get_adopted_programme(slug: str) -> Programme:
    """Implementation starts with adoption: a programme without one has no such pages."""
    programme = get_object_or_404(Programme.objects.select_related("municipality"), slug=slug)
    if not Adoption.objects.filter(programme=programme).exists():
        raise Http404
    return programme


def _get_year(programme: Programme, year: int) -> int:
    if not programme.first_year <= year <= programme.last_year:
        raise Http404
    return year


def _get_report_for_user(
    request: HttpRequest, slug: str, year: int
) -> tuple[Programme, AnnualReport | None]:
    """Published reports are public; drafts only for coordinators and the officials (404)."""
    programme = _get_adopted_programme(slug)
    _get_year(programme, year)
    report = selectors.report_for(programme, year)
    if report is not None and report.is_published:
        return programme, report
    if not request.user.has_perm("implementation.enter_results", programme):
        raise Http404
    return programme, report


def _require(request: HttpRequest, perm: str, obj: Any) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@require_safe
def years(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _get_adopted_programme(slug)
    return render(
        request,
        "implementation/programme_years.html",
        {
            "programme": programme,
            "years": selectors.programme_year_statuses(programme),
            "can_enter": request.user.has_perm("implementation.enter_results", programme),
            "can_manage": request.user.has_perm("implementation.manage_report", programme),
            "today": timezone.localdate(),
        },
    )


@require_safe
def report_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    programme, report = _get_report_for_user(request, slug, year)
    content = selectors.report_content(report, programme, year)
    return render(
        request,
        "implementation/annualreport_detail.html",
        {
            "programme": programme,
            "year": year,
            "report": report,
            "content": content,
            "charts": charts.report_charts(content),
            "can_manage": request.user.has_perm("implementation.manage_report", programme),
        },
    )


def _download_name(programme: Programme, year: int, ext: str) -> str:
    return f"{programme.slug}-sprawozdanie-{year}.{ext}"


def _private_if_draft(response: HttpResponse, report: AnnualReport | None) -> HttpResponse:
    if report is None or not report.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    programme, report = _get_report_for_user(request, slug, year)
    if report is None or not report.is_published:
        # The coordinators' and officials' proof of a draft: rendered now, never stored.
        response = HttpResponse(
            pdf.render_report_pdf(programme, year, report), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'inline; filename="{_download_name(programme, year, "pdf")}"'
        )
        return _private_if_draft(response, report)
    # Published: never rendered in a reader's request (docs/operations.md, "Generated files").
    document = services.report_pdf_request(report=report)
    if not document.is_ready:
        document.refresh_from_db()  # an eager (zero-setup) render finished on commit
    htmx = bool(getattr(request, "htmx", False))
    if document.is_ready:
        if htmx:
            redirect_response = HttpResponse(status=200)
            redirect_response["HX-Redirect"] = request.path
            return redirect_response
        return stored_file_response(
            document.file.open("rb"), filename=_download_name(programme, year, "pdf")
        )
    preparing = render(
        request,
        "includes/pdf_status.html" if htmx else "implementation/report_pdf_preparing.html",
        {"programme": programme, "year": year, "document": document},
        status=202,
    )
    preparing["Retry-After"] = "5"
    return preparing


@require_safe
def report_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    programme, report = _get_report_for_user(request, slug, year)
    content = selectors.report_content(report, programme, year)
    response = HttpResponse(exports.report_csv(content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(programme, year, "csv")}"'
    )
    return _private_if_draft(response, report)


@require_safe
def report_xlsx(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    programme, report = _get_report_for_user(request, slug, year)
    content = selectors.report_content(report, programme, year)
    response = HttpResponse(
        exports.report_xlsx(content),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(programme, year, "xlsx")}"'
    )
    return _private_if_draft(response, report)


@require_safe
def report_json(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    programme, report = _get_report_for_user(request, slug, year)
    content = selectors.report_content(report, programme, year)
    response = HttpResponse(
        exports.report_json(report, content), content_type="application/json; charset=utf-8"
    )
    return _private_if_draft(response, report)


@login_required
def report_edit(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    programme = _get_adopted_programme(slug)
    _get_year(programme, year)
    _require(request, "implementation.manage_report", programme)
    report = selectors.report_for(programme, year)
    if report is not None and report.is_published:
        messages.info(request, _("The report is published and can no longer be changed."))
        return redirect("implementation:report_detail", slug=slug, year=year)
    initial = {}
    if report is not None:
        initial = {name: getattr(report, name) for name in services.REPORT_TEXT_FIELDS}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        try:
            with transaction.atomic():
                report = services.report_save(
                    programme=programme,
                    year=year,
                    texts=form.cleaned_data,
                    by=request.user,
                    now=now,
                )
                if "publish" in request.POST:
                    services.report_publish(report=report, by=request.user, now=now)
        except ValidationError as exc:
            form.add_error(None, exc) if not hasattr(exc, "error_dict") else _add_errors(form, exc)
        else:
            if "publish" in request.POST:
                messages.success(request, _("The report is published."))
                return redirect("implementation:report_detail", slug=slug, year=year)
            messages.success(request, _("The draft report is saved."))
            return redirect("implementation:report_edit", slug=slug, year=year)
    return render(
        request,
        "implementation/annualreport_form.html",
        {
            "programme": programme,
            "year": year,
            "report": report,
            "form": form,
            "due_on": report_due_on(year),
        },
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def results(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    """One page per programme and year: a form for every action the user enters results for."""
    programme = _get_adopted_programme(slug)
    _get_year(programme, year)
    _require(request, "implementation.enter_results", programme)
    records = selectors.records_by_action(programme, year)
    rows = []
    for action in selectors.actions_for_year(programme, year):
        if not request.user.has_perm("implementation.enter_record", action):
            continue
        record = records.get(action.pk) or ImplementationRecord(
            programme=programme,
            action=action,
            year=year,
            funds_planned=action.planned_funds or 0,
        )
        form = RecordForm(request.POST or None, instance=record, prefix=f"a{action.pk}")
        rows.append((action, record, form))
    if request.method == "POST":
        # Untouched actions get no record: "no data" stays distinguishable from zeros.
        changed = [(a, r, f) for a, r, f in rows if f.has_changed()]
        if all(f.is_valid() for _a, _r, f in changed):
            try:
                with transaction.atomic():
                    for action, _record, form in changed:
                        try:
                            services.record_save(
                                programme=programme,
                                action=action,
                                year=year,
                                data=form.cleaned_data,
                                by=request.user,
                                now=timezone.now(),
                            )
                        except ValidationError as exc:
                            _add_errors(form, exc) if hasattr(
                                exc, "error_dict"
                            ) else form.add_error(None, exc)
                            raise
            except ValidationError:
                messages.error(request, _("Nothing was saved: correct the marked actions."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Saved the results of %(n)d action.",
                        "Saved the results of %(n)d actions.",
                        len(changed),
                    )
                    % {"n": len(changed)},
                )
                return redirect("implementation:results", slug=slug, year=year)
        else:
            messages.error(request, _("Nothing was saved: correct the marked actions."))
    return render(
        request,
        "implementation/results_form.html",
        {"programme": programme, "year": year, "rows": rows},
    )


@login_required
def results_import(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    programme = _get_adopted_programme(slug)
    _get_year(programme, year)
    _require(request, "implementation.enter_results", programme)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed: imports.ParsedFile | None = None
    saved: list[ImplementationRecord] | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = imports.parse_file(upload.name, upload.read(), year=year)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if not parsed.problems:
                try:
                    saved = services.records_import(
                        programme=programme,
                        year=year,
                        rows=parsed.rows,
                        by=request.user,
                        now=timezone.now(),
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
    return render(
        request,
        "implementation/results_import.html",
        {
            "programme": programme,
            "year": year,
            "form": form,
            "parsed": parsed,
            "saved": saved,
            "columns": [(label, spellings[0]) for label, spellings in imports.COLUMNS.values()],
        },
        status=400 if parsed is not None and saved is None else 200,
    )


@login_required
def import_template(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    """A CSV to fill in: the columns the import reads and the actions' IDs and names."""
    import csv
    import io

    from core.spreadsheets import neutralise

    programme = _get_adopted_programme(slug)
    _get_year(programme, year)
    _require(request, "implementation.enter_results", programme)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(imports.TEMPLATE_HEADERS)
    for action in selectors.actions_for_year(programme, year):
        if request.user.has_perm("implementation.enter_record", action):
            writer.writerow(
                [str(action.pk), neutralise(action.title), str(year)]
                + [""] * (len(imports.TEMPLATE_HEADERS) - 3)
            )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-wyniki-{year}.csv"'
    return response


@login_required
def survey(request: AuthenticatedHttpRequest, slug: str, year: int) -> HttpResponse:
    """The organisation's evaluation of the year; the representative picks whom they answer for."""
    programme = _get_adopted_programme(slug)
    _get_year(programme, year)
    the_survey = get_object_or_404(Survey, programme=programme, year=year)
    organisations = Organisation.objects.filter(
        pk__in=Representative.objects.for_user(request.user).values("organisation_id")
    )
    org_id = request.POST.get("organisation") or request.GET.get("organisation")
    # Only an id reaches the query: "organisation=:" answered 500 (issue 16).
    pk = parse_id(org_id)
    organisation = organisations.filter(pk=pk).first() if pk else organisations.first()
    if organisation is None:
        raise PermissionDenied
    answer = SurveyAnswer.objects.filter(survey=the_survey, organisation=organisation).first()
    now = timezone.now()
    form = SurveyForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer_save(
                survey=the_survey,
                organisation=organisation,
                data=form.cleaned_data,
                by=request.user,
                now=now,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error(None, _("Confirm your e-mail address to answer for the organisation."))
        else:
            messages.success(
                request,
                _("Thank you: the answer is saved. You can change it until the survey closes."),
            )
            url = reverse("implementation:survey", kwargs={"slug": slug, "year": year})
            return redirect(f"{url}?organisation={organisation.pk}")
    return render(
        request,
        "implementation/survey_form.html",
        {
            "programme": programme,
            "year": year,
            "survey": the_survey,
            "form": form,
            "organisation": organisation,
            "organisations": organisations,
            "is_open": the_survey.is_open(now),
            "answer": answer,
        },
    )
