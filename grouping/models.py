"""Stored results of a grouping run: campaigns (near-duplicates) and groups of similar comments.

A run is never changed after it is stored: a new run (phase closed, or "compute now")
adds new rows, and pages read the newest run of a version. The parameters and the
time taken are kept with each run, so that a figure can be traced to its settings.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GroupingRun(models.Model):
    class Trigger(models.TextChoices):
        PHASE_CLOSED = "phase_closed", _("comment phase closed")
        ON_DEMAND = "on_demand", _("on demand")

    version = models.ForeignKey(
        "consultations.DraftVersion",
        on_delete=models.PROTECT,
        related_name="grouping_runs",
        verbose_name=_("version"),
    )
    trigger = models.CharField(_("started by"), max_length=20, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("computing time (s)"), null=True, blank=True)
    n_comments = models.PositiveIntegerField(_("comments"), default=0)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("grouping run")
        verbose_name_plural = _("grouping runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} · {self.started_at:%Y-%m-%d %H:%M}"


class Campaign(models.Model):
    """Comments whose texts are the same or nearly the same: one campaign, many senders."""

    run = models.ForeignKey(GroupingRun, on_delete=models.CASCADE, related_name="campaigns")
    number = models.PositiveIntegerField(_("no."))
    size = models.PositiveIntegerField(_("comments"))
    representative = models.ForeignKey(
        "consultations.Comment", on_delete=models.PROTECT, related_name="+"
    )
    comments: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "consultations.Comment", through="CampaignMember", related_name="campaigns"
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="campaign_number_unique")
        ]

    def __str__(self) -> str:
        return f"{_('Campaign')} {self.number} ({self.size})"


class CampaignMember(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    comment = models.ForeignKey("consultations.Comment", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "comment"], name="campaign_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.comment_id}"


class CommentGroup(models.Model):
    """Similar comments, on one paragraph or across the whole document."""

    class Scope(models.TextChoices):
        PARAGRAPH = "paragraph", _("per paragraph")
        DOCUMENT = "document", _("across the document")

    run = models.ForeignKey(GroupingRun, on_delete=models.CASCADE, related_name="groups")
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    paragraph = models.ForeignKey(
        "consultations.Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paragraph"),
    )
    number = models.PositiveIntegerField(_("no."))
    size = models.PositiveIntegerField(_("comments"))
    representative = models.ForeignKey(
        "consultations.Comment", on_delete=models.PROTECT, related_name="+"
    )
    comments: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "consultations.Comment", through="CommentGroupMember", related_name="comment_groups"
    )

    class Meta:
        verbose_name = _("group of comments")
        verbose_name_plural = _("groups of comments")
        ordering = ["run", "scope", "-size", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "scope", "number"], name="comment_group_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Group')} {self.number} ({self.size})"


class CommentGroupMember(models.Model):
    group = models.ForeignKey(CommentGroup, on_delete=models.CASCADE, related_name="members")
    comment = models.ForeignKey("consultations.Comment", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "comment"], name="comment_group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.comment_id}"
