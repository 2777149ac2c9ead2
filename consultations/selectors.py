"""Reads across relations for the consultation pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from consultations.models import (
    MANDATORY_SECTION_KINDS,
    Adoption,
    Comment,
    DraftVersion,
    Paragraph,
    Section,
)
from programmes.models import Phase, PriorityArea, Programme
from swot.models import Action, Goal, ProposedSolution, SwotSession
from teams.models import Meeting, Membership, Organisation, Representative, SectorTeam
from teams.rules import is_coordinator
from teams.selectors import organisations_spoken_for


def programme_current() -> Programme | None:
    """The programme on the home page: the one flagged current, else the newest."""
    return (
        Programme.objects.filter(is_current=True).first()
        or Programme.objects.order_by("-first_year").first()
    )


def version_under_consultation(programme: Programme) -> DraftVersion | None:
    """Comments go to the newest published version; older ones are history."""
    return programme.versions.published().order_by("-number").first()


@dataclass(frozen=True)
class CommentWindow:
    """Whether ``version`` takes comments now: the open phase, or why not (and a code)."""

    phase: Phase | None
    reason: str = ""
    code: str = ""


def moment_display(moment: dt.datetime) -> str:
    """A date and time to end a sentence with: English "p.m." already carries the stop."""
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT").rstrip(".")


def comment_window(version: DraftVersion, *, now: dt.datetime) -> CommentWindow:
    """The one answer to "may this version be commented on now?" (the phase rule).

    Only the version under consultation, only while a comment phase is open. Services
    (``comment_window_check``) and permissions (``consultations.add_comment`` and
    ``consultations.change_own_comment`` in consultations/rules.py) both ask it.
    """
    from django.utils.translation import gettext as _

    current = version_under_consultation(version.programme)
    if current is None:
        return CommentWindow(
            None,
            _("This version is not published, so it cannot be commented on."),
            "wrong_version",
        )
    if current.pk != version.pk:
        return CommentWindow(
            None,
            _(
                "Version %(number)s is not the one under consultation: comments are "
                "collected on version %(current)s."
            )
            % {"number": version.number, "current": current.number},
            "wrong_version",
        )
    phases = Phase.objects.for_programme(version.programme).accepting_comments()
    phase = phases.open_at(now).order_by("ends_at").first()
    if phase is not None:
        return CommentWindow(phase)
    last = phases.filter(ends_at__lt=now).order_by("-ends_at").first()
    following = phases.filter(starts_at__gt=now).order_by("starts_at").first()
    parts = []
    if last is not None:
        parts.append(
            _("The consultation closed on %(date)s.") % {"date": moment_display(last.ends_at)}
        )
    else:
        parts.append(_("The consultation is not open yet."))
    if following is not None:
        parts.append(
            _("The next comment phase opens on %(date)s.")
            % {"date": moment_display(following.starts_at)}
        )
    else:
        parts.append(_("No further comment phase is planned."))
    return CommentWindow(None, " ".join(parts), "closed")


def comment_window_now(version: DraftVersion) -> CommentWindow:
    """``comment_window`` at this moment, remembered on the version object.

    The permission (consultations/rules.py) and the page that explains a closed phase
    ask it in the same request: one computation, one set of queries (the draft page's
    query count is asserted). Services never use this: they check under a lock.
    """
    from django.utils import timezone

    cached: CommentWindow | None = getattr(version, "_comment_window_cache", None)
    if cached is None:
        cached = comment_window(version, now=timezone.now())
        version._comment_window_cache = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class Countdown:
    label: str
    ends_on: dt.date
    days_left: int


def programme_countdowns(programme: Programme, *, now: dt.datetime) -> list[Countdown]:
    """Countdowns to the end of the current/next phase and to the adoption deadline."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = timezone.localdate(now)
    result: list[Countdown] = []
    if programme_adoption(programme) is not None:
        return result  # adopted: no deadline is left to count down to
    phase = Phase.objects.for_programme(programme).upcoming(now).order_by("ends_at").first()
    if phase is not None:
        ends_on = timezone.localdate(phase.ends_at)
        result.append(Countdown(phase.name, ends_on, (ends_on - today).days))
    deadline = programme.adoption_deadline
    result.append(Countdown(_("Adoption deadline (art. 5a)"), deadline, (deadline - today).days))
    return result


def programme_adoption(programme: Programme) -> Adoption | None:
    """The recorded adoption, cached on the programme object (pages ask several times)."""
    if not hasattr(programme, "_adoption_cache"):
        programme._adoption_cache = (  # type: ignore[attr-defined]
            Adoption.objects.filter(programme=programme).select_related("version").first()
        )
    cached: Adoption | None = programme._adoption_cache  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class AdoptionStatus:
    """Where a programme stands with the council (art. 5a ust. 1), as the public sees it."""

    adoption: Adoption | None
    deadline: dt.date
    overdue: bool  # the deadline passed and no adoption is recorded

    @property
    def is_adopted(self) -> bool:
        return self.adoption is not None


def programme_adoption_status(programme: Programme, *, now: dt.datetime) -> AdoptionStatus:
    """Adopted, pending, or not adopted (no adoption recorded) by its 30 November."""
    from django.utils import timezone

    adoption = programme_adoption(programme)
    overdue = adoption is None and timezone.localdate(now) > programme.adoption_deadline
    return AdoptionStatus(adoption, programme.adoption_deadline, overdue)


def programme_teams(programme: Programme) -> QuerySet[SectorTeam]:
    """Teams with the number of members and organisations, sector teams first."""
    return (
        SectorTeam.objects.filter(programme=programme)
        .annotate(
            n_members=Count("memberships", distinct=True),
            n_organisations=Count(
                "memberships__organisation",
                distinct=True,
                filter=Q(memberships__organisation__isnull=False),
            ),
        )
        .prefetch_related("priority_areas")
        .order_by("-kind", "position", "name")
    )


def programme_for_detail(slug: str) -> QuerySet[Programme]:
    from programmes.models import StrategyGoal

    return Programme.objects.filter(slug=slug).prefetch_related(
        Prefetch("strategy_goals", queryset=StrategyGoal.objects.select_related("document")),
        "priority_areas__document",
    )


def with_organisation_confirmation(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """Annotate ``organisation_is_confirmed`` (see ``Comment.organisation_confirmed``)."""
    confirmed_statement = Representative.objects.filter(
        user_id=OuterRef("author_id"),
        organisation_id=OuterRef("organisation_id"),
        status=Representative.Status.CONFIRMED,
    )
    staff_membership = Membership.objects.filter(
        user_id=OuterRef("author_id"), organisation_id=OuterRef("organisation_id")
    )
    return comments.annotate(
        organisation_is_confirmed=ExpressionWrapper(
            Q(organisation__isnull=False)
            & (
                ~Q(channel=Comment.Channel.PORTAL)
                | Exists(confirmed_statement)
                | Exists(staff_membership)
            ),
            output_field=BooleanField(),
        )
    )


def report_comments(programme: Programme) -> QuerySet[Comment]:
    """Every comment received, each once, by version and number (the report's "Lp.").

    Nothing received is left out, so the numbering has no gap (issue 10): withdrawn
    comments and those set aside keep their row; a row's wording and sender are public
    only once its answer is (``Comment.is_text_public``). The author is deliberately
    not selected: only organisation names are public.
    """
    return with_organisation_confirmation(
        Comment.objects.filter(version__programme=programme)
        .select_related(
            "version", "paragraph__section", "organisation", "resulting_paragraph__section__version"
        )
        .order_by("version__number", "number")
    )


def report_answered(programme: Programme) -> QuerySet[Comment]:
    """Report rows whose answers are published and which are still comments."""
    return report_comments(programme).filter(
        status=Comment.Status.SUBMITTED, answer_published_at__isnull=False
    )


def report_counts(programme: Programme) -> dict[str, list[tuple[str, int]]]:
    """Counts by position and by organisation for the report's summary tables."""
    rows = report_answered(programme)
    by_answer = [
        (str(Comment.Answer(row["answer"]).label), row["n"])
        for row in rows.order_by().values("answer").annotate(n=Count("pk")).order_by("answer")
    ]
    by_org: dict[str, int] = {}
    for comment in rows:
        key = comment.public_author
        by_org[key] = by_org.get(key, 0) + 1
    by_status: dict[str, int] = {}
    for comment in (
        Comment.objects.filter(version__programme=programme)
        .only("status", "answer", "answer_published_at")
        .order_by()
    ):
        by_status[comment.public_status] = by_status.get(comment.public_status, 0) + 1
    return {
        "by_answer": by_answer,
        "by_organisation": sorted(by_org.items()),
        "by_status": sorted(by_status.items()),
    }


# ------------------------------------------------------------------------------
# The programme document: composition, publishing checks, diff and PDF
# ------------------------------------------------------------------------------
def composition_goals(programme: Programme) -> QuerySet[Goal]:
    """Every goal of every team of the programme, with its areas, solutions and actions."""
    return (
        Goal.objects.filter(team__programme=programme)
        .select_related("team")
        .prefetch_related(
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number")),
            Prefetch("solutions", queryset=ProposedSolution.objects.order_by("position", "pk")),
            Prefetch("actions", queryset=Action.objects.order_by("position", "pk")),
        )
        .order_by("-team__kind", "team__position", "team__name", "position", "pk")
    )


def composition_meetings(programme: Programme) -> QuerySet[Meeting]:
    """Meetings of the programme's teams, oldest first, with their SWOT sessions counted."""
    return (
        Meeting.objects.filter(team__programme=programme)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "swot_sessions",
                queryset=SwotSession.objects.annotate(
                    n_items=Count("items", distinct=True, filter=Q(items__merged_into=None)),
                    n_votes=Count("items__votes", distinct=True),
                ).order_by("position", "pk"),
            )
        )
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class ConsultationCounts:
    comments: int
    organisations: int
    by_answer: dict[str, int]
    unanswered: int


def consultation_counts(programme: Programme) -> ConsultationCounts:
    """How many comments the programme's consultations received and how they were answered."""
    active = Comment.objects.filter(version__programme=programme).active()
    by_answer = {
        row["answer"]: row["n"]
        for row in active.exclude(answer="").values("answer").annotate(n=Count("pk"))
    }
    return ConsultationCounts(
        comments=active.count(),
        organisations=active.exclude(organisation=None).values("organisation").distinct().count(),
        by_answer=by_answer,
        unanswered=active.filter(answer="").count(),
    )


# ---------------------------------------------------------------------------
# Drafts, comments and the people who write them
# ---------------------------------------------------------------------------
def programme_versions(
    programme: Programme, *, include_unpublished: bool
) -> QuerySet[DraftVersion]:
    """Versions of the programme, newest first, with the number of active comments."""
    versions = DraftVersion.objects.filter(programme=programme)
    if not include_unpublished:
        versions = versions.published()
    return versions.annotate(
        n_comments=Count("comments", filter=~Q(comments__status=Comment.Status.WITHDRAWN))
    ).order_by("-number")


def version_for_reading(slug: str, number: int) -> QuerySet[DraftVersion]:
    return DraftVersion.objects.filter(programme__slug=slug, number=number).select_related(
        "programme"
    )


def version_sections(version: DraftVersion) -> QuerySet[Section]:
    """Sections with their paragraphs, each paragraph with its number of active comments.

    Two queries whatever the size of the document (the draft page's query count is
    asserted in the tests).
    """
    paragraphs = Paragraph.objects.annotate(
        n_comments=Count("comments", filter=~Q(comments__status=Comment.Status.WITHDRAWN))
    ).order_by("number")
    return (
        Section.objects.filter(version=version)
        .prefetch_related(Prefetch("paragraphs", queryset=paragraphs))
        .order_by("position")
    )


def version_empty_mandatory_sections(version: DraftVersion | None) -> list[str]:
    """Kinds of the art. 5a ust. 4 sections that are missing or have no text, in statutory order.

    Whitespace-only text is empty (``SectionQuerySet.filled``). Used by
    ``services.version_publish`` and by the coordinators' reminder
    (``reminders.selectors.empty_mandatory_sections``) so the two never disagree.
    """
    if version is None:
        return list(MANDATORY_SECTION_KINDS)
    filled = set(
        Section.objects.filter(version=version, kind__in=MANDATORY_SECTION_KINDS)
        .filled()
        .values_list("kind", flat=True)
    )
    return [kind for kind in MANDATORY_SECTION_KINDS if kind not in filled]


def version_for_number(programme: Programme, number: int) -> DraftVersion | None:
    # Ordered by pk: the default ordering would join the programme for nothing.
    return DraftVersion.objects.filter(programme=programme, number=number).order_by("pk").first()


def comments_changing_paragraphs(version: DraftVersion) -> QuerySet[Comment]:
    """Accepted or partly accepted comments linked to a paragraph of ``version``."""
    return (
        Comment.objects.filter(
            resulting_paragraph__section__version=version,
            answer__in=[Comment.Answer.ACCEPTED, Comment.Answer.PARTLY_ACCEPTED],
        )
        .active()
        .select_related("version")
        .order_by("version__number", "number")
    )


def report_fingerprint(programme: Programme) -> str:
    """Names the report's current content: it changes whenever a row or the summary changes."""
    digest = hashlib.sha256()
    digest.update(programme.report_summary.encode())
    digest.update(str(programme.report_published_at).encode())
    for row in report_comments(programme).values_list(
        "pk",
        "answer",
        "answer_justification",
        "answered_at",
        "answer_published_at",
        "status",
        "not_a_comment_reason",
        "organisation_id",
    ):
        digest.update(repr(row).encode())
    return f"report-{digest.hexdigest()[:40]}"


def version_published_comments(version: DraftVersion) -> QuerySet[Comment]:
    """Comments of the version whose answers are published (what the public may read)."""
    return with_organisation_confirmation(
        Comment.objects.filter(version=version)
        .active()
        .answer_published()
        .select_related("organisation")
        .order_by("number")
    )


def comments_for_user(user: Any) -> QuerySet[Comment]:
    """Every comment of ``user``, newest first, for /me/comments/."""
    return (
        Comment.objects.filter(author=user, channel=Comment.Channel.PORTAL)
        .select_related("version__programme", "paragraph__section", "organisation")
        .order_by("-submitted_at", "-pk")
    )


@dataclass(frozen=True)
class Capacity:
    """One way a person may sign a comment: for an organisation, or as expert/official."""

    key: str
    label: str
    capacity: str
    organisation: Organisation | None


def commenter_capacities(user: Any) -> list[Capacity]:
    """Organisations the user speaks for, plus expert/official if a team says so."""
    from django.utils.translation import gettext as _

    if not getattr(user, "is_authenticated", False):
        return []
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    result = [
        Capacity(f"org-{org.pk}", org.name, Comment.Capacity.ORGANISATION, org)
        for org in organisations_spoken_for(user)
    ]
    if Membership.Role.EXPERT in roles:
        result.append(Capacity("expert", _("as an expert"), Comment.Capacity.EXPERT, None))
    if Membership.Role.OFFICIAL in roles:
        result.append(
            Capacity("official", _("as a city official"), Comment.Capacity.OFFICIAL, None)
        )
    return result


@dataclass(frozen=True)
class Correction:
    at: dt.datetime
    reason: str


def report_corrections(programme: Programme) -> dict[int, list[Correction]]:
    """Corrections of published answers, with their reasons, by comment (one query)."""
    from consultations.services import CORRECTION_PREFIX

    result: dict[int, list[Correction]] = {}
    rows = (
        Comment.history.filter(
            version__programme=programme, history_change_reason__startswith=CORRECTION_PREFIX
        )
        .order_by("history_date")
        .values_list("id", "history_date", "history_change_reason")
    )
    for pk, at, reason in rows:
        result.setdefault(pk, []).append(Correction(at, reason.removeprefix(CORRECTION_PREFIX)))
    return result


def report_comment_phases(programme: Programme) -> QuerySet[Phase]:
    """The comment phases (dates and channels) the report describes."""
    return Phase.objects.for_programme(programme).accepting_comments().order_by("starts_at")


def version_previous_readable(version: DraftVersion, user: Any) -> DraftVersion | None:
    """The newest earlier version this person may read, to offer "what changed"."""
    earlier = DraftVersion.objects.filter(
        programme_id=version.programme_id, number__lt=version.number
    )
    if not is_coordinator(user):
        earlier = earlier.published()
    return earlier.order_by("-number").first()


def report_context(programme: Programme) -> dict[str, Any]:
    """What the consultation report shows, on the page and in the PDF alike.

    The one place that assembles it (rows with their corrections, the summary counts,
    the comment phases): the page and the PDF used to build it twice and differed.
    """
    comments = list(report_comments(programme))
    corrections = report_corrections(programme)
    for comment in comments:
        comment.corrections = corrections.get(comment.pk, [])  # type: ignore[attr-defined]
    from consultations import charts

    # The report lists every number (issue 10); the heat map and the positions by section
    # count the rows that are comments on the document: not withdrawn, not set aside.
    live = [c for c in comments if not c.is_withdrawn and not c.is_not_a_comment]
    return {
        "programme": programme,
        "comments": comments,
        "heatmap": charts.report_heatmap(live),
        "numbers": charts.consultation_numbers(programme, live),
        "positions": charts.positions_by_section(live),
        "counts": report_counts(programme),
        "phases": report_comment_phases(programme),
        "several_versions": len({c.version_id for c in comments}) > 1,
    }


@dataclass(frozen=True)
class ProposalToApply:
    """An accepted proposal with the paragraph of the unpublished version it would change."""

    comment: Comment
    target: Paragraph | None


def version_proposals_to_apply(version: DraftVersion) -> list[ProposalToApply]:
    """Accepted or partly accepted comments with a proposed wording, not yet applied.

    They come from the programme's earlier versions; each is matched to the paragraph
    of the same section kind and number in ``version`` (None: that paragraph is gone).
    """
    comments = list(
        Comment.objects.filter(
            version__programme_id=version.programme_id,
            version__number__lt=version.number,
            answer__in=[Comment.Answer.ACCEPTED, Comment.Answer.PARTLY_ACCEPTED],
            resulting_paragraph__isnull=True,
            paragraph__isnull=False,
        )
        .exclude(proposed_wording="")
        .active()
        .select_related("version", "paragraph__section")
        .order_by("version__number", "number")
    )
    by_kind = {
        (p.section.kind, p.number): p
        for p in Paragraph.objects.filter(section__version=version).select_related("section")
    }
    return [
        ProposalToApply(
            comment=c,
            target=by_kind.get((c.paragraph.section.kind, c.paragraph.number))
            if c.paragraph is not None
            else None,
        )
        for c in comments
    ]


# ------------------------------------------------------------------------------
# The paragraph picker (issue 10, item 7): "§ n.m" or words, deleted paragraphs too
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParagraphChoice:
    paragraph: Paragraph
    version_number: int
    deleted_in: int | None  # the next version's number when it no longer has this one

    @property
    def reference(self) -> str:
        """What the picker writes into the field and ``paragraph_resolve`` reads back."""
        return f"w. {self.version_number} § {self.paragraph.label}"


_REFERENCE_RE = re.compile(
    r"^\s*(?:w(?:ersja|\.)?\s*(?P<version>\d+)\s*[,/]?\s*)?§?\s*(?P<section>\d+)\.(?P<number>\d+)\s*$",
    re.IGNORECASE,
)


def _deleted_paragraph_ids(programme: Programme) -> dict[int, int]:
    """Paragraph pk → number of the next version in which it is gone (per the diff)."""
    from consultations.diff import version_diff

    versions = list(programme.versions.published().order_by("number"))
    result: dict[int, int] = {}
    for old, new in itertools.pairwise(versions):
        for section in version_diff(old, new).sections:
            for item in section.paragraphs:
                if item.status == "deleted" and item.old is not None:
                    result[item.old.pk] = new.number
    return result


def paragraph_search(programme: Programme, query: str, *, limit: int = 15) -> list[ParagraphChoice]:
    """Paragraphs of the programme's published versions matching "§ n.m" or words."""
    query = query.strip()
    paragraphs = Paragraph.objects.filter(
        section__version__programme=programme,
        section__version__status=DraftVersion.Status.PUBLISHED,
    ).select_related("section__version")
    found = _REFERENCE_RE.match(query.replace("§", " § ").strip()) if query else None
    if found:
        paragraphs = paragraphs.filter(
            section__position=int(found["section"]), number=int(found["number"])
        )
        if found["version"]:
            paragraphs = paragraphs.filter(section__version__number=int(found["version"]))
    elif query:
        for word in query.split()[:5]:
            paragraphs = paragraphs.filter(text__icontains=word)
    else:
        return []
    deleted = _deleted_paragraph_ids(programme)
    rows = paragraphs.order_by("-section__version__number", "section__position", "number")[:limit]
    return [ParagraphChoice(p, p.section.version.number, deleted.get(p.pk)) for p in rows]


def paragraph_resolve(
    programme: Programme, reference: str, *, default_version: int | None = None
) -> Paragraph | None:
    """The paragraph a reference like "w. 2 § 3.1" (or "§ 3.1" in the default version) names."""
    found = _REFERENCE_RE.match(reference.replace("§", " § ").strip())
    if not found:
        return None
    number = int(found["version"]) if found["version"] else default_version
    if number is None:
        return None
    return (
        Paragraph.objects.filter(
            section__version__programme=programme,
            section__version__number=number,
            section__version__status=DraftVersion.Status.PUBLISHED,
            section__position=int(found["section"]),
            number=int(found["number"]),
        )
        .select_related("section__version")
        .first()
    )


# ------------------------------------------------------------------------------
# BIP practice: a metryczka on every published document, a register of changes
# ------------------------------------------------------------------------------
def _person_and_role(user: Any) -> tuple[str, str]:
    """A public official's name and role; the team's name when nobody is recorded."""
    from django.utils.translation import gettext as _

    if user is None:
        return str(_("Coordinating team")), ""
    name = user.get_full_name() or str(_("Coordinating team"))
    role = str(_("coordinator")) if is_coordinator(user) else str(_("team moderator"))
    return name, role


@dataclass(frozen=True)
class Metryczka:
    prepared_by: str
    prepared_role: str
    prepared_at: dt.datetime
    published_by: str
    published_role: str
    published_at: dt.datetime | None
    last_change: dt.datetime


def version_metryczka(version: DraftVersion) -> Metryczka:
    """Who prepared and published the version, and when (BIP's metryczka)."""
    prepared, prepared_role = _person_and_role(version.created_by)
    published, published_role = _person_and_role(version.published_by)
    return Metryczka(
        prepared,
        prepared_role,
        version.created_at,
        published,
        published_role,
        version.published_at,
        # A published version never changes; a draft's last change is its preparation.
        max(filter(None, [version.created_at, version.published_at])),
    )


@dataclass(frozen=True)
class RegisterEntry:
    at: dt.datetime
    what: str
    who: str
    url: str = ""


def programme_change_register(programme: Programme) -> list[RegisterEntry]:
    """Every public change of the programme's record, newest first (rejestr zmian)."""
    from django.utils.translation import gettext as _

    from consultations.services import CORRECTION_PREFIX

    entries: list[RegisterEntry] = []
    for version in programme.versions.published().select_related("published_by"):
        entries.append(
            RegisterEntry(
                version.published_at,  # type: ignore[arg-type]
                _("Version %(n)s of the draft published") % {"n": version.number},
                _person_and_role(version.published_by)[0],
                version.get_absolute_url(),
            )
        )
    batches: dict[tuple[dt.date, int | None], int] = {}
    first_at: dict[tuple[dt.date, int | None], dt.datetime] = {}
    users: dict[int | None, Any] = {}
    history = (
        Comment.history.filter(version__programme=programme)
        .exclude(history_change_reason=None)
        .select_related("history_user")
        .order_by("history_date")
    )
    for row in history:
        reason = row.history_change_reason or ""
        who = _person_and_role(row.history_user)[0]
        if reason == "answer published":
            # One publication covers many answers: one line per day and person.
            key = (row.history_date.date(), row.history_user_id)
            batches[key] = batches.get(key, 0) + 1
            first_at.setdefault(key, row.history_date)
            users[row.history_user_id] = row.history_user
        elif reason.startswith(CORRECTION_PREFIX):
            entries.append(
                RegisterEntry(
                    row.history_date,
                    _("Published answer to comment No. %(n)s corrected: %(why)s")
                    % {"n": row.number, "why": reason[len(CORRECTION_PREFIX) :]},
                    who,
                )
            )
        elif reason.startswith("not a comment on this document"):
            entries.append(
                RegisterEntry(
                    row.history_date,
                    _("Submission No. %(n)s found not to be a comment on this document")
                    % {"n": row.number},
                    who,
                )
            )
    for (day, user_id), n in batches.items():
        entries.append(
            RegisterEntry(
                first_at[(day, user_id)],
                _("Answers to %(n)d comments published") % {"n": n},
                _person_and_role(users[user_id])[0],
            )
        )
    for change in programme.phase_changes.select_related("phase", "changed_by"):
        entries.append(
            RegisterEntry(
                change.changed_at,
                _("Timeline changed: “%(phase)s”, %(why)s")
                % {"phase": change.phase.name, "why": change.reason},
                _person_and_role(change.changed_by)[0],
            )
        )
    if programme.report_published_at:
        entries.append(
            RegisterEntry(programme.report_published_at, _("Consultation report published"), "")
        )
    adoption = programme_adoption(programme)
    if adoption is not None:
        entries.append(
            RegisterEntry(
                adoption.recorded_at,
                _("Adoption recorded: resolution No. %(number)s of %(date)s")
                % {"number": adoption.resolution_number, "date": adoption.resolution_date},
                _person_and_role(adoption.recorded_by)[0],
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)


# ------------------------------------------------------------------------------
# The public draft page: the document, its counts, answers on demand
# (docs/architecture.md, "Caching")
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PositionCount:
    """Comments on one part of a version by status, position and whether the answer is out."""

    paragraph_id: int | None
    status: str
    answer: str
    n: int
    published: int


def version_position_counts(version: DraftVersion) -> list[PositionCount]:
    """Counts of this version's comments grouped by paragraph, status and answer.

    One grouped query that reads only this version's rows through the index
    ``comment_version_para_status`` (version, paragraph, status; answer and publication
    included), so its cost follows the version, not the whole table.
    """
    rows = (
        Comment.objects.filter(version=version)
        .exclude(status=Comment.Status.WITHDRAWN)
        .order_by()
        .values("paragraph_id", "status", "answer")
        .annotate(n=Count("*"), published=Count("answer_published_at"))
    )
    return [
        PositionCount(r["paragraph_id"], r["status"], r["answer"], r["n"], r["published"])
        for r in rows
    ]


@dataclass
class PartCounts:
    """What a paragraph shows without its answers: "12 comments, 7 answered"."""

    total: int = 0
    answered: int = 0


def part_counts(counts: list[PositionCount]) -> dict[int | None, PartCounts]:
    """Per paragraph (``None``: the whole document): comments received and answered.

    ``total`` counts every comment not withdrawn (as the page always did); ``answered``
    the active ones whose answer is published, i.e. what the answers page lists.
    """
    result: dict[int | None, PartCounts] = {}
    for row in counts:
        part = result.setdefault(row.paragraph_id, PartCounts())
        part.total += row.n
        if row.status == Comment.Status.SUBMITTED:
            part.answered += row.published
    return result


def version_document(version: DraftVersion) -> list[Section]:
    """Sections with their paragraphs in order: two queries, no counting join."""
    return list(
        Section.objects.filter(version=version)
        .prefetch_related(Prefetch("paragraphs", queryset=Paragraph.objects.order_by("number")))
        .order_by("position")
    )


def paragraph_by_label(version: DraftVersion, section: int, number: int) -> Paragraph | None:
    return (
        Paragraph.objects.filter(section__version=version, section__position=section, number=number)
        .select_related("section")
        .first()
    )


def part_published_comments(
    version: DraftVersion, paragraph: Paragraph | None
) -> QuerySet[Comment]:
    """The published answers on one paragraph (or on the whole document, ``None``)."""
    return version_published_comments(version).filter(paragraph=paragraph)


def version_own_comments(version: DraftVersion, user: Any) -> QuerySet[Comment]:
    """This person's own comments on the version (sent through the portal), for the page."""
    if not getattr(user, "is_authenticated", False):
        return Comment.objects.none()
    return Comment.objects.filter(
        version=version, author=user, channel=Comment.Channel.PORTAL
    ).order_by("number")
