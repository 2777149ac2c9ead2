"""Import from the finance department's file: good and bad rows, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from implementation.imports import parse_file
from implementation.models import ImplementationRecord

pytestmark = pytest.mark.django_db

HEADER = "ID działania;Rok;Status;Środki planowane (zł);Środki wydatkowane (zł);Formy współpracy;Liczba ofert;Liczba dotacji;Kolumna księgowa"


def _csv(lines: list[str]) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def _post(client: Any, programme: Any, name: str, content: bytes) -> Any:
    url = reverse("implementation:results_import", args=[programme.slug, 2012])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_good_rows_with_polish_amounts_are_saved(
    client: Any, adopted: Any, coordinator: Any, action: Any, other_action: Any
) -> None:
    client.force_login(coordinator)
    content = _csv(
        [
            f'{action.pk};2012;zrealizowane;"1 200 000,50 zł";"1 100 000,00";konkurs;5;2;X-17',
            f"{other_action.pk};;w trakcie;1500,5;0;pozafinansowe;0;0;",
        ]
    )
    response = _post(client, adopted, "wyniki.csv", content)
    assert response.status_code == 200, response.content.decode()[:2000]
    records = {r.action_id: r for r in ImplementationRecord.objects.all()}
    assert records[action.pk].funds_planned == Decimal("1200000.50")
    assert records[action.pk].open_competition
    assert records[other_action.pk].funds_planned == Decimal("1500.50")
    assert records[other_action.pk].non_financial
    body = response.content.decode()
    # The mapping is shown, the unknown column among it as ignored.
    assert "Kolumna księgowa" in body


def test_bad_rows_are_listed_and_nothing_is_saved(
    client: Any, adopted: Any, coordinator: Any, action: Any, other_action: Any
) -> None:
    client.force_login(coordinator)
    content = _csv(
        [
            f'{action.pk};2012;zrealizowane;"1 200 000,50 zł";100;konkurs;5;2;',  # good
            f"{other_action.pk};2013;zrealizowane;100;100;;0;0;",  # wrong year
            f"{action.pk};2012;zrealizowane;-100;100;;0;0;",  # negative amount
            "999999;2012;zrealizowane;100;100;;0;0;",  # unknown action
            f"{other_action.pk};2012;zrealizowane;1.200,00;100;;0;0;",  # bad amount format
        ]
    )
    response = _post(client, adopted, "wyniki.csv", content)
    assert response.status_code == 400
    assert not ImplementationRecord.objects.exists()
    body = response.content.decode()
    for line in (3, 4, 5, 6):
        assert f'<th scope="row">{line}</th>' in body
    assert '<th scope="row">2</th>' not in body  # the good row is not listed as refused


def test_the_parser_says_why_each_row_is_refused(adopted: Any, action: Any) -> None:
    parsed = parse_file(
        "w.csv",
        _csv(
            [
                f"{action.pk};2013;;;;;;;",
                f"{action.pk};2012;;-1;;;;;",
                f"{action.pk};2012;;;1.200,00;;;;",
                f"{action.pk};2012;nieznany;;;;;;",
                "abc;2012;;;;;;;",
            ]
        ),
        year=2012,
    )
    errors = [" ".join(r.errors) for r in parsed.rows]
    assert "2013" in errors[0]
    assert "negative" in errors[1] or "ujemn" in errors[1]
    assert "1.200,00" in errors[2]
    assert "nieznany" in errors[3]
    assert "abc" in errors[4]


def test_xlsx_with_numbers_and_text_amounts(
    client: Any, adopted: Any, official: Any, action: Any, other_action: Any
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["ID działania", "Rok", "Środki planowane (zł)", "Środki wydatkowane (zł)"])
    sheet.append([action.pk, 2012, 1200000.5, "1 000,25 zł"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(official)
    response = _post(client, adopted, "wyniki.xlsx", buffer.getvalue())
    assert response.status_code == 200
    record = ImplementationRecord.objects.get()
    assert (record.funds_planned, record.funds_spent) == (Decimal("1200000.50"), Decimal("1000.25"))


def test_an_official_cannot_import_another_teams_action(
    client: Any, adopted: Any, official: Any, action: Any, other_action: Any
) -> None:
    client.force_login(official)
    content = _csv([f"{action.pk};2012;;1;1;;;;", f"{other_action.pk};2012;;1;1;;;;"])
    response = _post(client, adopted, "w.csv", content)
    assert response.status_code == 400
    assert not ImplementationRecord.objects.exists()


def test_the_template_lists_the_actions(
    client: Any, adopted: Any, coordinator: Any, action: Any
) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("implementation:import_template", args=[adopted.slug, 2012]))
    text = response.content.decode("utf-8-sig")
    assert text.startswith("ID działania;")
    assert f"{action.pk};{action.title};2012" in text
    # And the template imports as it is (empty cells leave defaults).
    parsed = parse_file("t.csv", response.content, year=2012)
    assert not parsed.problems
    assert not parsed.refused


def test_a_lone_carriage_return_ends_a_row_and_an_oversized_cell_is_refused_clearly() -> None:
    # Found by the junk-input property test: a bare "\r" gave a 500 (csv.Error).
    parsed = parse_file("w.csv", b"id;rok\r1;2012\r", year=2012)
    assert len(parsed.rows) == 1
    with pytest.raises(ValidationError, match="CSV"):
        parse_file("w.csv", b'id;"' + b"x" * 200_000 + b'"\n', year=2012)
