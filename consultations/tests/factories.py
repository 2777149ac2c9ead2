from __future__ import annotations

import datetime as dt
from typing import cast

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Comment, DraftVersion, Paragraph, Section
from core.dates import WARSAW
from programmes.models import Phase, PriorityArea, Programme, StrategyDocument
from teams.tests.factories import OrganisationFactory, UserFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"program-{n}")
    title = factory.Sequence(lambda n: f"Program współpracy nr {n}")
    municipality = factory.SubFactory("programmes.tests.factories.MunicipalityFactory")
    first_year = 2012
    last_year = 2014
    legal_basis = (
        "Ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie."
    )


class StrategyDocumentFactory(DjangoModelFactory):
    class Meta:
        model = StrategyDocument

    title = factory.Sequence(lambda n: f"Strategia nr {n}")


class PriorityAreaFactory(DjangoModelFactory):
    class Meta:
        model = PriorityArea

    document = factory.SubFactory(StrategyDocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Obszar priorytetowy {n}")


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Phase.Kind.CONSULTATION
    name = factory.Sequence(lambda n: f"Konsultacje {n}")
    starts_at = dt.datetime(2011, 8, 1, tzinfo=WARSAW)
    ends_at = dt.datetime(2011, 8, 31, 23, 59, 59, tzinfo=WARSAW)
    accepts_comments = True


class DraftVersionFactory(DjangoModelFactory):
    class Meta:
        model = DraftVersion

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Projekt programu współpracy"
    status = DraftVersion.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(DraftVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "free"
    title = factory.Sequence(lambda n: f"Rozdział {n}")


class ParagraphFactory(DjangoModelFactory):
    class Meta:
        model = Paragraph

    section = factory.SubFactory(SectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Treść paragrafu z polskimi znakami: zażółć gęślą jaźń."


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    paragraph = factory.SubFactory(ParagraphFactory)
    version = factory.LazyAttribute(lambda c: c.paragraph.section.version)
    number = factory.Sequence(lambda n: n + 1)
    author = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    current_wording = factory.LazyAttribute(lambda c: c.paragraph.text)
    proposed_wording = "Proponowany zapis."
    justification = "Uzasadnienie zmiany."


def version_with_sections(
    programme: Programme | None = None,
    *,
    number: int | None = None,
    published: bool = False,
    texts: dict[str, list[str]] | None = None,
) -> DraftVersion:
    """A version with the 11 mandatory sections, each with a paragraph unless ``texts`` says."""
    from consultations.models import MANDATORY_SECTION_KINDS, SectionKind

    programme = programme or cast(Programme, ProgrammeFactory())
    version: DraftVersion = DraftVersionFactory(  # type: ignore[assignment]
        programme=programme,
        status=DraftVersion.Status.DRAFT,
        published_at=None,
        **({"number": number} if number is not None else {}),
    )
    for position, kind in enumerate(MANDATORY_SECTION_KINDS, start=1):
        section = Section.objects.create(
            version=version, position=position, kind=kind, title=str(SectionKind(kind).label)
        )
        paragraphs = (
            texts[kind]
            if texts is not None and kind in texts
            else [f"Treść sekcji {position}: zażółć gęślą jaźń."]
        )
        for n, text in enumerate(paragraphs, start=1):
            Paragraph.objects.create(section=section, number=n, text=text)
    if published:
        # Published the way the service does it: status and stamp after the contents.
        DraftVersion.objects.filter(pk=version.pk).update(
            status=DraftVersion.Status.PUBLISHED, published_at=timezone.now()
        )
        version.refresh_from_db()
    return version


def representation_confirmed(comment: Comment) -> Comment:
    """The author's statement that they speak for the comment's organisation, confirmed:
    only then the public record names the organisation (issue 10)."""
    from teams.models import Representative

    Representative.objects.update_or_create(
        user=comment.author, organisation=comment.organisation, defaults={"status": "confirmed"}
    )
    return comment
