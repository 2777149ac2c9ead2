"""SWOT sessions, items and votes; goals with proposed solutions and actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.amounts import AmountField
from core.bounds import (
    MEDIUM_TEXT,
    SHORT_TEXT,
    BoundedTextField,
    instant_range_check,
    text_length_check,
    validate_sane_date,
    validate_year,
    year_range_check,
)
from teams.models import Meeting, SectorTeam


class SwotSession(models.Model):
    """One SWOT board: a topic analysed at a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="swot_sessions", verbose_name=_("meeting")
    )
    topic = models.CharField(_("topic"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, validators=[validate_sane_date]
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Planned end of the open window."),
        validators=[validate_sane_date],
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    votes_per_member = models.PositiveSmallIntegerField(_("votes per member"), default=5)

    class Meta:
        verbose_name = _("SWOT session")
        verbose_name_plural = _("SWOT sessions")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            instant_range_check("opens_at", name="swotsession_opens_at_range", null=True),
            instant_range_check("closes_at", name="swotsession_closes_at_range", null=True),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def team(self) -> SectorTeam:
        return self.meeting.team

    def votes_left(self, *, used: int) -> int:
        """Dot votes a member still has on this board after placing ``used`` of them.

        The one rule: the board shows it (``swot.views``) and ``swot_vote_cast``
        refuses at zero (through ``swot.selectors.votes_left``).
        """
        return max(self.votes_per_member - used, 0)

    def is_open(self, at: dt.datetime | None = None) -> bool:
        """Items may be added while the window is open and the moderator has not closed it."""
        at = at or timezone.now()
        if self.closed_at is not None:
            return False
        if self.opens_at and at < self.opens_at:
            return False
        return not (self.closes_at and at >= self.closes_at)


class SwotItem(models.Model):
    class Quadrant(models.TextChoices):
        STRENGTH = "S", _("strengths")
        WEAKNESS = "W", _("weaknesses")
        OPPORTUNITY = "O", _("opportunities")
        THREAT = "T", _("threats")

    session = models.ForeignKey(
        SwotSession, on_delete=models.CASCADE, related_name="items", verbose_name=_("SWOT session")
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    text = BoundedTextField(_("text"), max_length=SHORT_TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="swot_items",
        verbose_name=_("author"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("merged into"),
        help_text=_("A duplicate merged by the moderator; its votes moved to that item."),
    )

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["session", "quadrant", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quadrant__in=["S", "W", "O", "T"]), name="swotitem_quadrant_valid"
            ),
            text_length_check("text", SHORT_TEXT, name="swotitem_text_length"),
        ]

    def __str__(self) -> str:
        return f"[{self.quadrant}] {self.text[:60]}"


class SwotVote(models.Model):
    """A dot vote: one per member and item."""

    item = models.ForeignKey(
        SwotItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("item")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="swot_votes",
        verbose_name=_("voter"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="swotvote_one_per_member_item"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} → {self.item_id}"


class Goal(models.Model):
    """A goal of cooperation a team derived from its SWOT analysis."""

    team = models.ForeignKey(
        SectorTeam, on_delete=models.CASCADE, related_name="goals", verbose_name=_("team")
    )
    title = models.CharField(_("title"), max_length=300)
    description = BoundedTextField(_("description"), blank=True, max_length=MEDIUM_TEXT)
    priority_areas = models.ManyToManyField(
        "programmes.PriorityArea",
        blank=True,
        related_name="goals",
        verbose_name=_("priority areas"),
        help_text=_("Alignment (zbieżność) with the sector strategy."),
    )
    swot_items = models.ManyToManyField(
        SwotItem,
        blank=True,
        related_name="goals",
        verbose_name=_("SWOT items it answers"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues the goal"),
        help_text=_("The previous programme's goal this one carries on, if any."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["team", "position", "pk"]
        constraints = [
            text_length_check("description", MEDIUM_TEXT, name="goal_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


class ProposedSolution(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="solutions", verbose_name=_("goal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = BoundedTextField(_("text"), max_length=2000)

    class Meta:
        verbose_name = _("proposed solution")
        verbose_name_plural = _("proposed solutions")
        ordering = ["goal", "position", "pk"]
        constraints = [
            text_length_check("text", 2000, name="proposedsolution_text_length"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CooperationForm(models.TextChoices):
    """Forms of cooperation listed in art. 5 ust. 2 of the Act (UDPPW)."""

    COMMISSIONING = "commissioning", _("commissioning of public tasks")
    INFORMATION = "information", _("mutual information on planned activities")
    CONSULTING_ACTS = "consulting_acts", _("consulting draft normative acts")
    CONSULTING_COUNCIL = "consulting_council", _("consulting with public-benefit councils")
    JOINT_TEAMS = "joint_teams", _("joint advisory and initiative teams")
    LOCAL_INITIATIVE = "local_initiative", _("local initiative agreements")
    PARTNERSHIP = "partnership", _("partnership agreements")


class Action(models.Model):
    """A concrete action serving a goal, as the programme will list it."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("action"), max_length=500)
    responsible_party = models.CharField(_("responsible party"), max_length=300)
    cooperation_form = models.CharField(
        _("form of cooperation"), max_length=30, choices=CooperationForm.choices
    )
    first_year = models.PositiveSmallIntegerField(_("from year"), validators=[validate_year])
    last_year = models.PositiveSmallIntegerField(_("to year"), validators=[validate_year])
    indicator = models.CharField(_("indicator"), max_length=500, blank=True)
    planned_funds = AmountField(_("planned funds (PLN)"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")), name="action_years_ordered"
            ),
            year_range_check("first_year", name="action_first_year_range"),
            year_range_check("last_year", name="action_last_year_range"),
            models.CheckConstraint(
                condition=Q(planned_funds__isnull=True) | Q(planned_funds__gte=0),
                name="action_funds_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        # "is not None": a year 0 is a value to refuse, not a missing one (issue 16).
        if (
            self.first_year is not None
            and self.last_year is not None
            and self.first_year > self.last_year
        ):
            errors["last_year"] = _("The last year cannot come before the first year.")
        if self.goal_id and self.first_year is not None and self.last_year is not None:
            programme = self.goal.team.programme
            period = f"{programme.first_year}–{programme.last_year}"
            msg = _("Years must lie within the programme period %(period)s.") % {"period": period}
            if not programme.first_year <= self.first_year <= programme.last_year:
                errors["first_year"] = msg
            if not programme.first_year <= self.last_year <= programme.last_year:
                errors["last_year"] = msg
        if errors:
            raise ValidationError(errors)

    @property
    def years_display(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"
