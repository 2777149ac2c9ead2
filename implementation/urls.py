from __future__ import annotations

from django.urls import path

from implementation import views

app_name = "implementation"

base = "programmes/<slug:slug>/implementation/"
year = base + "<int:year>/"

urlpatterns = [
    path(base, views.years, name="years"),
    path(year, views.report_detail, name="report_detail"),
    path(year + "pdf/", views.report_pdf, name="report_pdf"),
    path(year + "csv/", views.report_csv, name="report_csv"),
    path(year + "xlsx/", views.report_xlsx, name="report_xlsx"),
    path(year + "json/", views.report_json, name="report_json"),
    path(year + "edit/", views.report_edit, name="report_edit"),
    path(year + "results/", views.results, name="results"),
    path(year + "results/import/", views.results_import, name="results_import"),
    path(year + "results/template.csv", views.import_template, name="import_template"),
    path(year + "survey/", views.survey, name="survey"),
]
