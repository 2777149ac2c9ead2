"""Loads the seed's world (docs/domain.md, "The 2011 seed") idempotently: ``manage.py seed_krakow``.

Everything is keyed by natural keys (slugs, titles, numbers) so a second run
finds what the first one made and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from consultations.models import MANDATORY_SECTION_KINDS, Comment, DraftVersion, Paragraph, Section
from core.dates import WARSAW
from krakow_ngo.seed import comments as seed_comments
from krakow_ngo.seed import data as seed_data
from krakow_ngo.seed import implementation as seed_implementation
from programmes.models import (
    Municipality,
    Phase,
    PriorityArea,
    Programme,
    StrategyDocument,
    StrategyGoal,
)
from search.services import index_rebuild
from swot.models import Action, Goal, ProposedSolution, SwotItem, SwotSession, SwotVote
from teams.models import AgendaItem, Meeting, Membership, Organisation, SectorTeam
from teams.services import coordinators_group_sync, moderator_staff_sync

User = get_user_model()

SEED_SLUG = "wpw-2012-2014"

LEGAL_BASIS = "\n".join(
    [
        "Ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie "
        "(Dz.U. z 2010 r. nr 234, poz. 1536 z późn. zm.), art. 5 i art. 5a — obowiązek uchwalania "
        "rocznego lub wieloletniego programu współpracy, przygotowanego w trybie konsultacji, "
        "do dnia 30 listopada roku poprzedzającego okres obowiązywania programu.",
        "Uchwała nr CXI/1510/10 Rady Miasta Krakowa z dnia 6 października 2010 r. w sprawie "
        "programu współpracy.",
        "Uchwała nr XII/135/11 Rady Miasta Krakowa z dnia 13 kwietnia 2011 r. w sprawie "
        "szczegółowego sposobu konsultowania z organizacjami pozarządowymi projektów aktów prawa "
        "miejscowego.",
    ]
)

AGENDA = [
    (
        "I. Analiza SWOT (silne i słabe strony, szanse i zagrożenia)",
        "1) Współpraca organizacji pozarządowych z Miastem w obszarze przeciwdziałania "
        "wykluczeniu społecznemu.\n2) Współpraca organizacji pozarządowych z Miastem "
        "w rozwiązaniach systemowych w realizacji działań publicznych.",
    ),
    ("II. Określenie celów współpracy samorządu z organizacjami i propozycje rozwiązań", ""),
    ("III. Propozycja podjęcia konkretnych działań w odniesieniu do poszczególnych celów", ""),
]

SWOT_TOPICS = [
    "Współpraca organizacji pozarządowych z Miastem w obszarze przeciwdziałania wykluczeniu "
    "społecznemu",
    "Współpraca organizacji pozarządowych z Miastem w rozwiązaniach systemowych w realizacji "
    "działań publicznych",
]

PRIORITY_AREAS = [
    "Obszar zagrożenia wykluczeniem społecznym",
    "Obszar wykluczenia społecznego",
    "Obszar ryzykownych zachowań dzieci i młodzieży spowodowany niewydolnością "
    "opiekuńczo-wychowawczą rodzin",
    "Obszar zagrożenia ubóstwem",
]

CHANNELS = (
    "Biuletyn Informacji Publicznej Miasta Krakowa, serwis ngo.krakow.pl, niniejszy portal; "
    "uwagi przez formularz w portalu, e-mailem, pocztą lub osobiście w MOWIS."
)

DEMO_PASSWORDS = {
    "demo-koordynator": "Koordynator-Demo-2026",
    "demo-moderator": "Moderator-Demo-2026",
    "demo-czlonek": "Czlonek-Demo-2026",
}


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    demo_logins: list[tuple[str, str, str]] = field(default_factory=list)
    demo_programme: Programme | None = None

    def count(self, label: str, was_created: bool) -> None:
        if was_created:
            self.created[label] = self.created.get(label, 0) + 1


def _at(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=WARSAW)


def _end_of(day: dt.date) -> dt.datetime:
    return _at(day, 23, 59, 59)


# ---------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------
def _strategies(report: SeedReport) -> tuple[StrategyGoal, list[PriorityArea]]:
    src, made = StrategyDocument.objects.get_or_create(
        title="Strategia Rozwoju Krakowa",
        defaults={"short_name": "Strategia Rozwoju Krakowa", "first_year": 2005, "last_year": 2030},
    )
    report.count("strategy documents", made)
    goal, made = StrategyGoal.objects.get_or_create(
        document=src,
        code="I-8",
        defaults={
            "title": "Rozwój samorządności lokalnej i doskonalenie metod zarządzania, zwiększanie "
            "świadomości obywatelskiej i zainteresowania życiem miasta."
        },
    )
    report.count("strategy goals", made)
    srps, made = StrategyDocument.objects.get_or_create(
        title="Strategia Rozwiązywania Problemów Społecznych Miasta Krakowa na lata 2007–2013",
        defaults={
            "short_name": "SRPS 2007–2013",
            "first_year": 2007,
            "last_year": 2013,
            "strategic_goal": "Tworzenie warunków udziału w rozwoju społeczności lokalnej osobom "
            "i grupom zagrożonym wykluczeniem społecznym i wykluczonym, przy jednoczesnym "
            "zapewnieniu im niezbędnych warunków bytowych i wychowawczych.",
        },
    )
    report.count("strategy documents", made)
    areas = []
    for number, name in enumerate(PRIORITY_AREAS, start=1):
        area, made = PriorityArea.objects.get_or_create(
            document=srps, number=number, defaults={"name": name}
        )
        report.count("priority areas", made)
        areas.append(area)
    return goal, areas


def _municipality(report: SeedReport) -> Municipality:
    """Kraków as the portal's local government: the only place that names it."""
    data = seed_data.MUNICIPALITY
    municipality = Municipality.objects.filter(name=data["name"]).first()
    made = municipality is None
    if municipality is None:
        municipality = Municipality(**data)
        municipality.full_clean()  # the seed passes the admin's validation too
        municipality.save()
    report.count("local governments", made)
    return municipality


def _programme(
    report: SeedReport,
    municipality: Municipality,
    *,
    slug: str,
    first_year: int,
    title_suffix: str = "",
) -> Programme:
    last_year = first_year + 2
    programme, made = Programme.objects.get_or_create(
        slug=slug,
        defaults={
            "title": "Wieloletni Program Współpracy Gminy Miejskiej Kraków z organizacjami "
            f"pozarządowymi na lata {first_year}–{last_year}{title_suffix}",
            "municipality": municipality,
            "kind": Programme.Kind.MULTI_YEAR,
            "first_year": first_year,
            "last_year": last_year,
            "legal_basis": LEGAL_BASIS,
            "consultation_min_days": settings.CONSULTATION_MIN_DAYS,
        },
    )
    report.count("programmes", made)
    return programme


def _organisations(report: SeedReport) -> dict[str, Organisation]:
    result = {}
    for row in seed_data.ORGANISATIONS:
        org, made = Organisation.objects.get_or_create(
            krs=row["krs"],
            defaults={k: row[k] for k in ("name", "nip", "regon", "address", "email", "website")},
        )
        report.count("organisations", made)
        result[row["name"]] = org
    return result


def _teams(
    report: SeedReport, programme: Programme, areas: list[PriorityArea], slug_suffix: str = ""
) -> dict[str, SectorTeam]:
    result = {}
    for position, row in enumerate(seed_data.TEAMS):
        team, made = SectorTeam.objects.get_or_create(
            slug=row["slug"] + slug_suffix,
            defaults={
                "programme": programme,
                "name": row["name"],
                "kind": row["kind"],
                "scope": row["scope"],
                "position": position,
            },
        )
        report.count("teams", made)
        if made and row["slug"] == "wykluczenie-spoleczne":
            team.priority_areas.set(areas)
        result[row["slug"]] = team
    return result


def _people(
    report: SeedReport, teams: dict[str, SectorTeam], orgs: dict[str, Organisation]
) -> dict[str, Any]:
    users = {}
    for row in seed_data.PEOPLE:
        user, made = User.objects.get_or_create(
            username=row["username"],
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": row["email"],
            },
        )
        if made:
            # Seeded people are illustrations; nobody can log in as them.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        report.count("users", made)
        users[row["username"]] = user
        _, made = Membership.objects.get_or_create(
            user=user,
            team=teams[row["team"]],
            defaults={
                "organisation": orgs.get(row["organisation"] or ""),
                "role": row["role"],
                "public_name_consent": row.get("public_name_consent", False),
            },
        )
        report.count("memberships", made)
    # Every seeded organisation takes part in the team the data names.
    for row in seed_data.ORGANISATIONS:
        team = teams[row["team"]]
        if not Membership.objects.filter(team=team, organisation=orgs[row["name"]]).exists():
            contact, made = User.objects.get_or_create(
                username=f"kontakt-{row['krs']}",
                defaults={"email": row["email"], "last_name": row["name"][:150]},
            )
            if made:
                contact.set_unusable_password()
                contact.save(update_fields=["password"])
            report.count("users", made)
            Membership.objects.create(user=contact, team=team, organisation=orgs[row["name"]])
            report.count("memberships", True)
    return users


def _meeting(
    report: SeedReport,
    team: SectorTeam,
    starts_at: dt.datetime,
    areas: list[PriorityArea],
    *,
    with_results: bool,
    opens_board: bool = False,
) -> Meeting:
    meeting, made = Meeting.objects.get_or_create(
        team=team,
        starts_at=starts_at,
        defaults={
            "title": "Spotkanie Zespołu Branżowego ds. Wykluczenia Społecznego",
            "ends_at": starts_at + dt.timedelta(hours=3),
            "place": "Urząd Miasta Krakowa, pl. Wszystkich Świętych 3-4, Sala Obrad",
        },
    )
    report.count("meetings", made)
    if made:
        for position, (title, description) in enumerate(AGENDA, start=1):
            AgendaItem.objects.create(
                meeting=meeting, position=position, title=title, description=description
            )
    sessions = []
    for position, topic in enumerate(SWOT_TOPICS, start=1):
        session, made = SwotSession.objects.get_or_create(
            meeting=meeting,
            position=position,
            defaults={
                "topic": topic,
                "opens_at": starts_at,
                "closes_at": None if opens_board else starts_at + dt.timedelta(hours=2),
                "closed_at": None if opens_board else starts_at + dt.timedelta(hours=2),
            },
        )
        report.count("SWOT sessions", made)
        sessions.append((session, made))
    if not with_results:
        return meeting
    items: dict[tuple[int, str, int], SwotItem] = {}
    members = list(Membership.objects.filter(team=team).select_related("user"))
    for topic_index, (session, made) in enumerate(sessions):
        per_quadrant: dict[str, int] = {}
        for quadrant, text in seed_data.SAMPLE_SWOT_ITEMS.get(topic_index, []):
            index = per_quadrant.get(quadrant, 0)
            per_quadrant[quadrant] = index + 1
            if made:
                author = members[(index + topic_index) % len(members)].user if members else None
                item = SwotItem.objects.create(
                    session=session, quadrant=quadrant, text=text, author=author, position=index
                )
                report.count("SWOT items", True)
            else:
                item = SwotItem.objects.get(session=session, quadrant=quadrant, text=text)
            items[(topic_index, quadrant, index)] = item
        if made and session.closed_at is not None:
            _seed_votes(report, session, [m.user for m in members])
    for position, row in enumerate(seed_data.SAMPLE_GOALS):
        goal, made = Goal.objects.get_or_create(
            team=team,
            title=row["title"],
            defaults={"description": row["description"], "position": position},
        )
        report.count("goals", made)
        if not made:
            continue
        goal.priority_areas.set([areas[n - 1] for n in row["priority_area_numbers"]])
        goal.swot_items.set([items[tuple(ref)] for ref in row["swot_refs"] if tuple(ref) in items])
        for sol_position, text in enumerate(row["solutions"]):
            ProposedSolution.objects.create(goal=goal, position=sol_position, text=text)
        for act_position, action in enumerate(row["actions"]):
            offset = team.programme.first_year - 2012
            Action.objects.create(
                goal=goal,
                position=act_position,
                title=action["title"],
                responsible_party=action["responsible_party"],
                cooperation_form=action["cooperation_form"],
                first_year=action["first_year"] + offset,
                last_year=action["last_year"] + offset,
                indicator=action["indicator"],
                planned_funds=Decimal(action["planned_funds"]),
            )
            report.count("actions", True)
    return meeting


def _seed_votes(report: SeedReport, session: SwotSession, voters: list[Any]) -> None:
    """Dot votes on a closed board, so its results read as ranked (deterministic)."""
    items = list(SwotItem.objects.filter(session=session).order_by("quadrant", "position"))
    votes = []
    for v, voter in enumerate(voters):
        # Each member spends their votes on a spread of items, some items more popular.
        chosen = [item for i, item in enumerate(items) if (i * 7 + v * 3) % 5 < 2]
        # Most people leave a vote or two unused (and a reopened board can still take them).
        spent = max(1, session.votes_per_member - 2)
        votes += [SwotVote(item=item, voter=voter) for item in chosen[:spent]]
    SwotVote.objects.bulk_create(votes)
    report.created["SWOT votes"] = report.created.get("SWOT votes", 0) + len(votes)


def _phase(
    report: SeedReport,
    programme: Programme,
    kind: str,
    name: str,
    start: dt.date,
    end: dt.date,
    *,
    accepts_comments: bool = False,
    description: str = "",
) -> Phase:
    values = {
        "starts_at": _at(start),
        "ends_at": _end_of(end),
        "accepts_comments": accepts_comments,
        "description": description,
        "channels": CHANNELS if accepts_comments else "",
    }
    phase, made = Phase.objects.get_or_create(
        programme=programme, kind=kind, name=name, defaults=values
    )
    if not made and any(getattr(phase, k) != v for k, v in values.items()):
        # A demo cycle reloaded on a later day moves with the calendar.
        for key, value in values.items():
            setattr(phase, key, value)
        phase.save()
    report.count("phases", made)
    return phase


def _phases(report: SeedReport, programme: Programme, start: dt.date) -> None:
    """The seed's "Dalsze kroki", laid out from ``start`` (the first day of team work).

    From 1 June 2011 this gives the seed's calendar: consultation in August, the
    September meeting and summary, the final consultation 16–30 September.
    """
    d = start
    steps = [
        (
            "team_work",
            "Praca zespołów branżowych: analiza SWOT, cele i działania",
            0,
            60,
            False,
            "Spotkania zespołów branżowych według planu: SWOT, cele i propozycje rozwiązań, działania.",
        ),
        (
            "consultation",
            "Upublicznienie wypracowanych dokumentów i konsultacje",
            61,
            91,
            True,
            "Konsultacje z innymi organizacjami, ekspertami i urzędnikami; uwagi zbiera Zespół Koordynujący.",
        ),
        (
            "meeting",
            "Kolejne spotkanie – konsultacja wypracowanych rozwiązań i założeń",
            96,
            100,
            False,
            "",
        ),
        (
            "summary",
            "Podsumowanie uwag i przygotowanie dokumentu przez Zespół Koordynujący",
            96,
            106,
            False,
            "",
        ),
        (
            "final_consultation",
            "Ostateczna konsultacja projektu",
            107,
            121,
            True,
            "Konsultacja projektu Programu w brzmieniu uwzględniającym uwagi.",
        ),
        (
            "adoption",
            "Przyjęcie Programu przez Radę Miasta Krakowa",
            122,
            None,
            False,
            "Opinia KRDPP, dwa czytania i uchwała Rady Miasta Krakowa.",
        ),
    ]
    for kind, name, a, b, comments, description in steps:
        end = programme.adoption_deadline if b is None else d + dt.timedelta(days=b)
        _phase(
            report,
            programme,
            kind,
            name,
            d + dt.timedelta(days=a),
            end,
            accepts_comments=comments,
            description=description,
        )


# Citations keep their own years in every cycle: dated acts ("z dnia 13 kwietnia
# 2011 r."), journal references ("Dz.U. z 2010 r.") and periods of other documents
# that began before the seed's cycle ("na lata 2007–2013"). Everything else in the
# 2011 seed text moves with the cycle.
CITATION = re.compile(
    r"z dnia \d{1,2} [a-ząćęłńóśźż]+ \d{4} r\.|Dz\. ?U\. z \d{4} r\."
    r"|\b(?:19\d\d|200\d|2010)–\d{4}\b",
    re.IGNORECASE,
)
SEED_CYCLE_YEARS = range(2011, 2015)  # the preparation year and the 2012–2014 period


def for_cycle(text: str, programme: Programme) -> str:
    """The seed's 2011 text told for ``programme``'s cycle: its years move with it."""
    offset = programme.first_year - 2012
    if offset == 0:
        return text
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    def shift(match: re.Match[str]) -> str:
        year = int(match.group(0))
        return str(year + offset) if year in SEED_CYCLE_YEARS else match.group(0)

    shifted = re.sub(r"\b(?:19|20)\d\d\b", shift, CITATION.sub(keep, text))
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], shifted)


def _draft(
    report: SeedReport,
    programme: Programme,
    *,
    published_at: dt.datetime,
    published_by: Any,
    versions: int = 2,
) -> list[DraftVersion]:
    """Version 1 from the seed text and version 2 with the post-consultation changes."""
    texts = {
        row["kind"]: (row["title"], [for_cycle(p, programme) for p in row["paragraphs"]])
        for row in seed_data.DRAFT_SECTIONS
    }
    result = []
    v2_texts = {kind: (title, list(paras)) for kind, (title, paras) in texts.items()}
    deletions = [c for c in seed_data.DRAFT_SECTIONS_V2_CHANGES if "delete" in c]
    for change in seed_data.DRAFT_SECTIONS_V2_CHANGES:
        paras = v2_texts[change["kind"]][1]
        if "paragraph_index" in change:
            paras[change["paragraph_index"]] = for_cycle(change["new_text"], programme)
    # Insert and delete from the end so earlier indexes stay valid.
    for change in sorted(
        (c for c in seed_data.DRAFT_SECTIONS_V2_CHANGES if "insert_after" in c),
        key=lambda c: -c["insert_after"],
    ):
        v2_texts[change["kind"]][1].insert(
            change["insert_after"] + 1, for_cycle(change["new_text"], programme)
        )
    for change in sorted(deletions, key=lambda c: -c["delete"]):
        del v2_texts[change["kind"]][1][change["delete"]]

    for number, (content, when) in enumerate(
        [(texts, published_at), (v2_texts, published_at + dt.timedelta(days=33))][:versions],
        start=1,
    ):
        version, made = DraftVersion.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={
                "title": seed_data.DRAFT_TITLE.replace("2012–2014", programme.period_display),
                "status": DraftVersion.Status.PUBLISHED,
                "created_at": when - dt.timedelta(days=3),
                "created_by": published_by,
                "published_at": when,
                "published_by": published_by,
                "change_note": ""
                if number == 1
                else "Wersja uwzględniająca uwagi zgłoszone w konsultacjach.",
            },
        )
        report.count("draft versions", made)
        result.append(version)
        if not made:
            continue
        for position, kind in enumerate(MANDATORY_SECTION_KINDS, start=1):
            title, paragraphs = content[kind]
            section = Section.objects.create(
                version=version, position=position, kind=kind, title=title
            )
            Paragraph.objects.bulk_create(
                Paragraph(section=section, number=n, text=text)
                for n, text in enumerate(paragraphs, start=1)
            )
    return result


def _paragraph(version: DraftVersion, part: tuple[int, int] | None) -> Paragraph | None:
    if part is None:
        return None
    return Paragraph.objects.get(
        section__version=version, section__position=part[0], number=part[1]
    )


def _comments(
    report: SeedReport,
    version: DraftVersion,
    rows: list[dict[str, Any]],
    *,
    submitted: list[dt.datetime],
    answered_by: Any = None,
    answered_at: dt.datetime | None = None,
    next_version: DraftVersion | None = None,
) -> None:
    """Seeded comments (numbers 1..n of the version); answered ones are also published."""
    for number, (row, when) in enumerate(zip(rows, submitted, strict=True), start=1):
        if Comment.objects.filter(version=version, number=number).exists():
            continue
        author = User.objects.get(username=row["author"])
        membership = Membership.objects.filter(user=author).select_related("organisation").first()
        organisation = membership.organisation if membership else None
        capacity = Comment.Capacity.ORGANISATION
        if organisation is None:
            capacity = (
                Comment.Capacity.EXPERT
                if membership and membership.role == Membership.Role.EXPERT
                else Comment.Capacity.OFFICIAL
            )
        paragraph = _paragraph(version, row["part"])
        comment = Comment(
            version=version,
            paragraph=paragraph,
            number=number,
            author=author,
            organisation=organisation,
            capacity=capacity,
            current_wording=paragraph.text if paragraph else "",
            proposed_wording=row["proposed"],
            justification=row["justification"],
            submitted_at=when,
        )
        if row.get("answer") and answered_at is not None:
            comment.answer = row["answer"]
            comment.answer_justification = row["answer_justification"]
            comment.answered_by = answered_by
            comment.answered_at = answered_at
            comment.answer_published_at = answered_at + dt.timedelta(days=3)
            if next_version is not None and row.get("result"):
                comment.resulting_paragraph = _paragraph(next_version, row["result"])
            elif row.get("result_deleted"):
                comment.resulting_paragraph = paragraph
        comment.full_clean()
        comment.save()
        report.count("comments", True)


def _demo_user(report: SeedReport, username: str, **fields: Any) -> Any:
    user, made = User.objects.get_or_create(username=username, defaults=fields)
    if made:
        user.set_password(DEMO_PASSWORDS[username])
        user.save(update_fields=["password"])
    if fields.get("email"):
        # Demo people have confirmed their addresses, so they can comment at once.
        EmailAddress.objects.get_or_create(
            user=user, email=fields["email"], defaults={"verified": True, "primary": True}
        )
    report.count("users", made)
    report.demo_logins.append((username, DEMO_PASSWORDS[username], fields.get("email", "")))
    return user


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------
def demo_first_year(today: dt.date) -> int:
    """The next programme whose 30 November deadline leaves room for the whole cycle."""
    # The cycle starts 65 days before today and needs 122 days before adoption.
    year = today.year
    while dt.date(year, 11, 30) < today + dt.timedelta(days=60):
        year += 1
    return year + 1


@transaction.atomic
def seed_krakow(*, demo: bool = False, today: dt.date | None = None) -> SeedReport:
    """Load the 2011 seed; with ``demo`` also a current cycle and demo accounts."""
    report = SeedReport()
    strategy_goal, areas = _strategies(report)
    municipality = _municipality(report)
    programme = _programme(report, municipality, slug=SEED_SLUG, first_year=2012)
    programme.strategy_goals.add(strategy_goal)
    programme.priority_areas.add(*areas)
    coordinators = coordinators_group_sync()
    orgs = _organisations(report)
    teams = _teams(report, programme, areas)
    _people(report, teams, orgs)
    _meeting(
        report,
        teams["wykluczenie-spoleczne"],
        _at(dt.date(2011, 7, 6), 10),
        areas,
        with_results=True,
    )
    _phases(report, programme, dt.date(2011, 6, 1))
    v1, v2 = _draft(report, programme, published_at=_at(dt.date(2011, 7, 31), 9), published_by=None)
    # The August 2011 consultation, answered on 12 September and reported on the 15th.
    _comments(
        report,
        v1,
        seed_comments.COMMENTS_2011,
        submitted=[
            _at(dt.date(2011, 8, row["day"]), 9 + n % 8, 17 * n % 60)
            for n, row in enumerate(seed_comments.COMMENTS_2011)
        ],
        answered_by=User.objects.filter(username="mpawlak").first(),
        answered_at=_at(dt.date(2011, 9, 12), 14),
        next_version=v2,
    )
    if not programme.report_summary:
        Programme.objects.filter(pk=programme.pk).update(
            report_summary=seed_comments.REPORT_SUMMARY_2011,
            report_published_at=_at(dt.date(2011, 9, 15), 14),
        )
    if not Programme.objects.filter(is_current=True).exists():
        Programme.objects.filter(pk=programme.pk).update(is_current=True)

    if demo:
        if settings.PRODUCTION:
            raise RuntimeError(
                "Demo accounts are refused in production mode (DJANGO_ENV=production)."
            )
        today = today or timezone.localdate()
        first_year = demo_first_year(today)
        demo_programme = _programme(
            report, municipality, slug=f"wpw-{first_year}-{first_year + 2}", first_year=first_year
        )
        demo_programme.strategy_goals.add(strategy_goal)
        demo_programme.priority_areas.add(*areas)
        demo_teams = _teams(report, demo_programme, areas, slug_suffix=f"-{first_year}")
        coordinator = _demo_user(
            report,
            "demo-koordynator",
            email="koordynator@example.org",
            first_name="Anna",
            last_name="Koordynatorka",
            is_staff=True,
        )
        coordinator.groups.add(coordinators)
        moderator = _demo_user(
            report,
            "demo-moderator",
            email="moderator@example.org",
            first_name="Marek",
            last_name="Moderator",
        )
        member = _demo_user(
            report,
            "demo-czlonek",
            email="czlonek@example.org",
            first_name="Celina",
            last_name="Członkini",
        )
        first_org = orgs[seed_data.ORGANISATIONS[0]["name"]]
        team = demo_teams["wykluczenie-spoleczne"]
        for user, role in (
            (moderator, Membership.Role.MODERATOR),
            (member, Membership.Role.MEMBER),
        ):
            _, made = Membership.objects.get_or_create(
                user=user, team=team, defaults={"organisation": first_org, "role": role}
            )
            report.count("memberships", made)
            # Moderators work in the admin too (scoped to their team): is_staff follows the role.
            moderator_staff_sync(user=user)
        _, made = Membership.objects.get_or_create(
            user=coordinator,
            team=demo_teams["koordynujacy"],
            defaults={"role": Membership.Role.OFFICIAL},
        )
        report.count("memberships", made)
        # The cycle before: adopted, carried out, its first report published (issue 12).
        previous_first = first_year - 3
        previous = _programme(
            report,
            municipality,
            slug=f"wpw-{previous_first}-{previous_first + 2}",
            first_year=previous_first,
            title_suffix=seed_implementation.DEMO_SUFFIX,
        )
        previous.priority_areas.add(*areas)
        previous_teams = _teams(report, previous, areas, slug_suffix=f"-{previous_first}")
        previous_meeting = _meeting(
            report,
            previous_teams["wykluczenie-spoleczne"],
            _at(dt.date(previous_first - 1, 7, 6), 10),
            areas,
            with_results=True,
        )
        seed_implementation.seed_previous_cycle(
            report=report,
            programme=previous,
            teams=previous_teams,
            coordinator=coordinator,
            today=today,
            meeting=previous_meeting,
        )
        # Phases start 65 days ago, so the consultation (days 61–91) is open today.
        start = today - dt.timedelta(days=65)
        _phases(report, demo_programme, start)
        _meeting(report, team, _at(today - dt.timedelta(days=30), 10), areas, with_results=True)
        _meeting(
            report,
            team,
            _at(today + dt.timedelta(days=2), 16),
            areas,
            with_results=False,
            opens_board=True,
        )
        # Only version 1 is out for comments in the demo: version 2 comes after the consultation.
        (demo_v1,) = _draft(
            report,
            demo_programme,
            published_at=_at(start + dt.timedelta(days=60), 9),
            published_by=coordinator,
            versions=1,
        )
        # The consultation is open: a few comments already in, none answered yet.
        _comments(
            report,
            demo_v1,
            seed_comments.COMMENTS_DEMO,
            submitted=[
                _at(today - dt.timedelta(days=row["days_ago"]), 10 + n)
                for n, row in enumerate(seed_comments.COMMENTS_DEMO)
            ],
        )
        seed_implementation.link_continued_goals(previous=previous, following=demo_programme)
        Programme.objects.exclude(pk=demo_programme.pk).filter(is_current=True).update(
            is_current=False
        )
        Programme.objects.filter(pk=demo_programme.pk).update(is_current=True)
        demo_programme.refresh_from_db()
        report.demo_programme = demo_programme
    # The seed writes rows directly, not through the publishing services: index it all.
    index_rebuild()
    return report
