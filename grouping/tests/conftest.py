from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from consultations.models import Comment
from consultations.tests.factories import (
    CommentFactory,
    DraftVersionFactory,
    ParagraphFactory,
    PhaseFactory,
    SectionFactory,
    representation_confirmed,
)
from core.dates import WARSAW
from teams.tests.factories import OrganisationFactory

CAMPAIGN = (
    "Apelujemy o zwiększenie środków na zadania z zakresu pomocy społecznej o dwadzieścia "
    "procent, bo koszty utrzymania placówek rosną szybciej niż dotacje."
)
PARAPHRASES = [
    "Umowy wieloletnie powinny być regułą przy zadaniach ciągłych, takich jak noclegownie.",
    "Zadania ciągłe, np. noclegownie i świetlice, należy zlecać w umowach wieloletnich.",
    "Noclegownie i świetlice trzeba finansować w umowach wieloletnich, nie rocznych.",
]


@pytest.fixture
def grouped_version(programme: Any) -> Any:
    """A closed consultation: 4 copies of a campaign, 3 paraphrases, 2 unrelated remarks."""
    PhaseFactory(programme=programme)
    version = DraftVersionFactory(
        programme=programme, number=1, published_at=dt.datetime(2011, 7, 31, tzinfo=WARSAW)
    )
    section = SectionFactory(version=version, position=1, title="Rozdział 1")
    first = ParagraphFactory(section=section, number=1, text="Środki programu.")
    second = ParagraphFactory(section=section, number=2, text="Okres programu.")
    number = 0

    def add(paragraph: Any, text: str, justification: str = "Uzasadnienie.") -> Comment:
        nonlocal number
        number += 1
        return representation_confirmed(  # type: ignore[no-any-return]
            CommentFactory(
                version=version,
                paragraph=paragraph,
                number=number,
                proposed_wording=text,
                justification=justification,
                organisation=OrganisationFactory(),
                submitted_at=dt.datetime(2011, 8, 1 + number, 12, tzinfo=WARSAW),
            )
        )

    version.campaign = [add(first, CAMPAIGN + suffix) for suffix in ("", " Pilnie!", "", "  ")]
    version.paraphrases = [add(second, text) for text in PARAPHRASES]
    version.remarks = [
        add(first, "Brakuje przecinka po słowie Kraków w drugim zdaniu."),
        add(second, "Termin trzech lat jest zgodny z ustawą, popieramy ten zapis bez zmian."),
    ]
    return version
