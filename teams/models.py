"""Organisations, sector teams, memberships and meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.bounds import (
    MEDIUM_TEXT,
    SHORT_TEXT,
    BoundedTextField,
    instant_range_check,
    text_length_check,
    validate_sane_date,
)
from teams import validators
from teams.validators import MINUTES_HELP_TEXT, MINUTES_MAX_LENGTH, validate_minutes_length

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


# The seed's "Zasady współpracy podczas spotkania" (6 July 2011), the default for
# every meeting; kept in Polish because it is content, not interface.
DEFAULT_GROUND_RULES = "\n".join(
    [
        "W trakcie spotkań mówimy krótko i na temat, szanujemy czas innych osób.",
        "Moderator prowadzi spotkanie, kieruje dyskusją, pilnuje czasu wypowiedzi.",
        "W pracy nad Programem „nie musimy się ze sobą zgadzać”, pokazujemy różne "
        "rozwiązania i alternatywy, dążymy do konsensusu.",
        "Nie ograniczamy kreatywności!",
        "Dzielimy się doświadczeniami i pomysłami.",
        "W trakcie spotkań wyciszamy komórki.",
    ]
)


# The identifiers that are unique across organisations, and their unique constraints.
IDENTIFIERS = {"krs": "KRS", "nip": "NIP", "regon": "REGON"}
IDENTIFIER_CONSTRAINTS = {
    "organisation_krs_unique": "krs",
    "organisation_nip_unique": "nip",
    "organisation_regon_unique": "regon",
    "organisation_krs_ten_digits": "krs",
    "organisation_nip_ten_digits": "nip",
    "organisation_regon_9_or_14_digits": "regon",
}


class Organisation(models.Model):
    """A non-governmental organisation (or art. 3 ust. 3 entity) taking part."""

    name = models.CharField(_("name"), max_length=300)
    krs = models.CharField(
        _("KRS number"),
        max_length=10,
        blank=True,
        validators=[validators.validate_krs],
        help_text=_("10 digits; leave empty if the organisation is in another register."),
    )
    other_register = models.CharField(
        _("other register"),
        max_length=200,
        blank=True,
        help_text=_("Name and number of the register, if not the KRS."),
    )
    nip = models.CharField(
        _("NIP"), max_length=10, blank=True, validators=[validators.validate_nip]
    )
    regon = models.CharField(
        _("REGON"), max_length=14, blank=True, validators=[validators.validate_regon]
    )
    address = BoundedTextField(_("registered address"), max_length=SHORT_TEXT)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # A person may add an organisation; it is unverified until a coordinator checks
    # its entry in the KRS (or other register) (issue 10, item 3).
    verified_at = models.DateTimeField(_("register entry checked at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("register entry checked by"),
    )
    verification_note = models.CharField(
        _("note on the register check"), max_length=500, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"], condition=~Q(krs=""), name="organisation_krs_unique"
            ),
            models.UniqueConstraint(
                fields=["nip"], condition=~Q(nip=""), name="organisation_nip_unique"
            ),
            models.UniqueConstraint(
                fields=["regon"], condition=~Q(regon=""), name="organisation_regon_unique"
            ),
            text_length_check("address", SHORT_TEXT, name="organisation_address_length"),
            models.CheckConstraint(
                condition=Q(krs="") | Q(krs__regex=r"^[0-9]{10}$"),
                name="organisation_krs_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{10}$"),
                name="organisation_nip_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(regon="") | Q(regon__regex=r"^([0-9]{9}|[0-9]{14})$"),
                name="organisation_regon_9_or_14_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        # Accept the ways people type numbers ("000-012-34-56", "PL 856...") before
        # the length and checksum validators look at them.
        self.krs = validators.normalize_krs(self.krs)
        self.nip = validators.normalize_nip(self.nip)
        self.regon = validators.normalize_regon(self.regon)
        super().clean_fields(exclude=exclude)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # A number already registered is refused beside its field, naming the
        # organisation that has it (the generic "already exists" says too little).
        errors = self.identifier_conflicts(exclude=exclude)
        try:
            super().validate_constraints(exclude={*(exclude or ()), *errors})
        except ValidationError as exc:
            errors |= exc.update_error_dict({})
        if errors:
            raise ValidationError(errors)

    def identifier_conflicts(self, exclude: Collection[str] | None = None) -> dict[str, Any]:
        """KRS, NIP or REGON of this organisation already held by another one."""
        errors: dict[str, Any] = {}
        for field, label in IDENTIFIERS.items():
            value = getattr(self, field)
            if not value or field in (exclude or ()):
                continue
            holder = Organisation.objects.filter(**{field: value}).exclude(pk=self.pk).first()
            if holder is not None:
                errors[field] = [
                    ValidationError(
                        _("%(label)s %(value)s is already registered for %(organisation)s."),
                        code=f"duplicate_{field}",
                        params={"label": label, "value": value, "organisation": holder.name},
                    )
                ]
        return errors

    @property
    def nip_display(self) -> str:
        n = self.nip
        return f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}" if len(n) == 10 else n


class SectorTeamQuerySet(models.QuerySet["SectorTeam"]):
    def sector(self) -> SectorTeamQuerySet:
        return self.filter(kind=SectorTeam.Kind.SECTOR)

    def coordinating(self) -> SectorTeamQuerySet:
        return self.filter(kind=SectorTeam.Kind.COORDINATING)


class SectorTeam(models.Model):
    """A sector team (zespół branżowy) or the coordinating team of one programme."""

    class Kind(models.TextChoices):
        SECTOR = "sector", _("sector team")
        COORDINATING = "coordinating", _("coordinating team")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SECTOR)
    scope = BoundedTextField(_("scope"), blank=True, max_length=MEDIUM_TEXT)
    priority_areas = models.ManyToManyField(
        "programmes.PriorityArea",
        blank=True,
        related_name="teams",
        verbose_name=_("priority areas"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectorTeamQuerySet.as_manager()

    class Meta:
        # Both kinds live here: the coordinating team is not a "zespół branżowy".
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["programme", "position", "name"]
        constraints = [
            # Team URLs are /teams/<slug>/, so a slug names one team across programmes.
            models.UniqueConstraint(fields=["slug"], name="sectorteam_slug_unique"),
            text_length_check("scope", MEDIUM_TEXT, name="sectorteam_scope_length"),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(kind="coordinating"),
                name="sectorteam_one_coordinating_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:team_detail", kwargs={"slug": self.slug})

    @property
    def is_coordinating(self) -> bool:
        return self.kind == self.Kind.COORDINATING


class MembershipQuerySet(models.QuerySet["Membership"]):
    def moderators(self) -> MembershipQuerySet:
        return self.filter(role=Membership.Role.MODERATOR)

    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> MembershipQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user_id=user.pk)


class Membership(models.Model):
    """A person's place in a team, and the organisation they speak for there."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        MODERATOR = "moderator", _("moderator")
        OFFICIAL = "official", _("city official")
        EXPERT = "expert", _("expert")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    team = models.ForeignKey(
        SectorTeam, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
        help_text=_("Empty for city officials and experts who speak for themselves."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    public_name_consent = models.BooleanField(
        _("name may be shown publicly"),
        default=False,
        help_text=_("Without consent only the organisation is shown on public pages (RODO)."),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    to_confirm = models.BooleanField(
        _("to be confirmed"),
        default=False,
        help_text=_("Carried over from the previous programme: the person confirms or leaves."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_one_per_user_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team} ({self.get_role_display()})"


class Meeting(models.Model):
    """A meeting of a team: agenda, ground rules, attendance and minutes."""

    team = models.ForeignKey(
        SectorTeam, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("team")
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_sane_date])
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, validators=[validate_sane_date]
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    ground_rules = BoundedTextField(
        _("ground rules"), default=DEFAULT_GROUND_RULES, max_length=MEDIUM_TEXT
    )
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        # No max_length: a browser would cut a longer paste silently; the validator
        # refuses it beside the field with the text kept (docs/operations.md, "Generated files").
        validators=[validate_minutes_length],
        help_text=MINUTES_HELP_TEXT,
    )
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    speaker_time_limit_seconds = models.PositiveIntegerField(
        _("speaking time per speaker (seconds)"), default=180
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("minutes"), MINUTES_MAX_LENGTH),
                name="meeting_minutes_bounded",
            ),
            instant_range_check("starts_at", name="meeting_starts_at_range"),
            instant_range_check("ends_at", name="meeting_ends_at_range", null=True),
            text_length_check("ground_rules", MEDIUM_TEXT, name="meeting_ground_rules_length"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("teams:meeting_detail", kwargs={"pk": self.pk})


class MinutesPdf(models.Model):
    """The stored PDF of one revision of a meeting's published minutes.

    Rendered by a worker when the minutes are published (``teams.services.minutes_publish``),
    never in a reader's request; one row per revision (``fingerprint``), so readers
    asking at once share one render (docs/operations.md, "Generated files").
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_pdfs", verbose_name=_("meeting")
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=80)
    file = models.FileField(_("file"), upload_to="minutes/%Y/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes PDF")
        verbose_name_plural = _("minutes PDFs")
        ordering = ["meeting", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "fingerprint"], name="minutespdf_one_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.fingerprint[:12]})"

    @property
    def is_ready(self) -> bool:
        return self.rendered_at is not None and bool(self.file)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = BoundedTextField(_("description"), blank=True, max_length=MEDIUM_TEXT)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A member's declared intention to attend, and whether they attended."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("user"),
    )
    will_attend = models.BooleanField(_("will attend"), default=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.meeting}"


class RepresentativeQuerySet(models.QuerySet["Representative"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> RepresentativeQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user_id=user.pk)

    def standing(self) -> RepresentativeQuerySet:
        """Statements not revoked: a person may comment in them (shown by status)."""
        return self.exclude(status=Representative.Status.REVOKED)

    def confirmed(self) -> RepresentativeQuerySet:
        return self.filter(status=Representative.Status.CONFIRMED)


class Representative(models.Model):
    """A person's statement that they speak for an organisation (made after sign-up)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name=_("organisation"),
    )

    class Status(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REVOKED = "revoked", _("revoked")

    class Method(models.TextChoices):
        EMAIL = "email", _("link sent to the organisation's e-mail address")
        COORDINATOR = "coordinator", _("confirmed by a coordinator")

    stated_at = models.DateTimeField(_("stated at"), default=timezone.now)
    registered_organisation = models.BooleanField(
        _("registered the organisation"),
        default=False,
        help_text=_("The person added this organisation to the portal."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    method = models.CharField(
        _("confirmed by way of"), max_length=20, choices=Method.choices, blank=True
    )
    note = models.CharField(_("coordinator's note"), max_length=500, blank=True)
    confirmation_sent_to = models.EmailField(_("confirmation link sent to"), blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation link sent at"), null=True, blank=True
    )

    history = HistoricalRecords()

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative of an organisation")
        verbose_name_plural = _("representatives of organisations")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="representative_one_per_user_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self, at: dt.datetime) -> InvitationQuerySet:
        """Neither accepted nor revoked, and not yet expired at ``at``."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=at)


class Invitation(models.Model):
    """An e-mailed invitation to join a team in a role (teams/services.py: invitation_*)."""

    team = models.ForeignKey(
        SectorTeam, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("team")
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_revoked",
        verbose_name=_("revoked by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per address and team: a second one is a resend.
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_team_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.team} ({self.get_role_display()})"

    def status(self, at: dt.datetime) -> str:
        """pending, accepted, revoked or expired at ``at``."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= at:
            return "expired"
        return "pending"
