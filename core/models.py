"""Rows that belong to no app: the transactional outbox, the cache's database fallback,
the revision numbers of cached pages and stored files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEntryQuerySet(models.QuerySet["OutboxEntry"]):
    def pending(self) -> OutboxEntryQuerySet:
        return self.filter(delivered_at__isnull=True)


class OutboxEntry(models.Model):
    """One side effect to perform once its change has committed (docs/architecture.md, "Outbox").

    Written by ``core.outbox.enqueue`` in the transaction of the change itself, so a
    rolled-back change leaves no side effect and a committed one always has its entry,
    whatever the broker did. ``handler`` is the dotted path of a callable that takes
    ``payload`` as keyword arguments; ``dedup_key`` makes a second enqueue of the same
    intent a no-op.
    """

    handler = models.CharField(_("handler"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    dedup_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Last time it was handed to the broker; the sweeper waits OUTBOX_RETRY_AFTER after it.
    dispatched_at = models.DateTimeField(_("dispatched at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboxEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox entry")
        verbose_name_plural = _("outbox entries")
        ordering = ["-created_at"]
        indexes = [
            # The sweeper reads only what is still pending.
            models.Index(
                fields=["dispatched_at"],
                name="outbox_pending_idx",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.handler} ({self.dedup_key})"

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None


class CacheFallbackEntry(models.Model):
    """The table of Django's ``DatabaseCache``, used while Redis is down (``core.cache``).

    The columns are the ones ``createcachetable`` makes, so the database cache backend
    reads and writes it as its own; a model gives it a migration instead of a command
    every deployment must remember.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_cache_fallback"
        verbose_name = _("cache entry (fallback)")
        verbose_name_plural = _("cache entries (fallback)")

    def __str__(self) -> str:
        return self.cache_key


class FormSubmission(models.Model):
    """A form's one-time token, used once per person (docs/architecture.md, "Idempotent forms").

    Each rendered form carries a fresh token; the service that stores what the form
    sent inserts this row first, in its own transaction. The unique constraint lets
    only one of two submissions of the same form (a double click, two parallel POSTs)
    through; the other finds ``object_pk`` and shows what the first one stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    form = models.CharField(_("form"), max_length=50)
    token = models.CharField(_("token"), max_length=64)
    object_pk = models.BigIntegerField(_("object"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form", "token"], name="formsubmission_token_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.token}"


class Revision(models.Model):
    """How many times the content behind one scope (a programme, a board) has changed.

    docs/architecture.md, "Caching". The cache holds a copy for speed; this row is the
    truth, so a flushed or restarted cache never brings back a number that pages were
    already cached under.
    """

    scope = models.CharField(_("scope"), max_length=100, primary_key=True)
    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.scope}@{self.number}"


class StoredFile(models.Model):
    """One file kept by ``core.storage.DatabaseStorage``: every machine reads the same bytes.

    Generated PDFs are tens of kilobytes to a few megabytes and written once; keeping them
    in PostgreSQL means a second web machine or worker needs no shared disk, and the
    database backup holds them too (docs/operations.md, "Stored files").
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
