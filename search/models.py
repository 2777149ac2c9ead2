"""The search index: one row per findable piece of the public record."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PARAGRAPH = "paragraph", _("draft paragraph")
    COMMENT = "comment", _("comment and answer")
    REPORT = "report", _("consultation report")
    PROGRAMME = "programme", _("programme")
    TEAM = "team", _("team")
    MEETING = "meeting", _("meeting")
    MINUTES = "minutes", _("minutes")
    GOAL = "goal", _("goal")
    ACTION = "action", _("action")


class Entry(models.Model):
    """A public text and its lemma stream.

    ``group`` names what is reindexed together (``version:12`` holds that version's
    paragraphs): the index is only ever rebuilt group by group, from the public
    selectors, so nothing unpublished can enter it. PostgreSQL searches ``lemmas``
    through a GIN expression index, SQLite through the FTS5 table ``search_entry_fts``
    kept in step by triggers (both created in migration 0001).
    """

    group = models.CharField(_("group"), max_length=60, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    team = models.ForeignKey(
        "teams.SectorTeam",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    title = models.CharField(_("title"), max_length=600)
    url = models.CharField(_("address"), max_length=600)
    text = models.TextField(_("text"))
    lemmas = models.TextField(_("lemmas"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Term(models.Model):
    """An unaccented word form seen in the index and its lemma (docs/search.md)."""

    form = models.CharField(_("form"), max_length=100)
    lemma = models.CharField(_("lemma"), max_length=100)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(fields=["form", "lemma"], name="search_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.form} → {self.lemma}"
