from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from consultations import services
from consultations.forms import CommentAnswerForm, RegisteredCommentForm
from consultations.models import Adoption, Comment, DraftVersion, Paragraph, Section
from programmes.admin import ProgrammeAdmin as BaseProgrammeAdmin
from programmes.models import Programme
from teams.rules import is_coordinator

admin.site.unregister(Programme)


@admin.register(Programme)
class ProgrammeAdmin(BaseProgrammeAdmin):
    """The programme admin with the consultation's actions (compose, publish the report)."""

    actions = ["compose_draft_version", "publish_report"]

    @admin.action(
        description=_("Compose a new draft version from the teams' current work"),
        permissions=["add_draftversion"],
    )
    def compose_draft_version(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        for programme in queryset:
            version = services.version_compose(programme=programme, by=request.user)
            url = reverse("admin:consultations_draftversion_change", args=[version.pk])
            self.message_user(
                request,
                format_html(
                    str(_('Version {} of “{}” was composed: <a href="{}">review and edit it</a>.')),
                    version.number,
                    programme,
                    url,
                ),
                messages.SUCCESS,
            )

    def has_add_draftversion_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("consultations.add_draftversion")

    @admin.action(description=_("Publish the coordinating team's summary of the consultation"))
    def publish_report(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        for programme in queryset:
            try:
                services.programme_report_publish(programme=programme, now=timezone.now())
            except ValidationError as exc:
                self.message_user(request, f"{programme}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("Published: %(p)s") % {"p": programme}, messages.SUCCESS
                )


def _version_of(obj: Any) -> DraftVersion | None:
    if isinstance(obj, DraftVersion):
        return obj
    if isinstance(obj, Section):
        return obj.version
    if isinstance(obj, Paragraph):
        return obj.section.version
    return None


class UnpublishedOnlyForm(forms.ModelForm):
    """Refuses to save anything that belongs to a published version (corrections make a new one)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        instance = self.instance
        stored = type(instance).objects.get(pk=instance.pk) if instance.pk else None
        target = data.get("version") or getattr(data.get("section"), "version", None)
        for version in (_version_of(stored), target):
            if version is not None:
                version.ensure_editable()  # the message names the version and its date
        return data


class ParagraphForm(UnpublishedOnlyForm):
    class Meta:
        model = Paragraph
        fields = ["section", "number", "text"]


class SectionForm(UnpublishedOnlyForm):
    class Meta:
        model = Section
        fields = ["version", "position", "kind", "title"]


class DraftVersionForm(UnpublishedOnlyForm):
    class Meta:
        model = DraftVersion
        fields = ["programme", "number", "title", "change_note", "created_by"]


class ReadOnlyWhenPublishedMixin:
    """Published versions, their sections and paragraphs are shown, never edited or deleted.

    What is saved or deleted goes through ``services.draft_part_save`` /
    ``draft_part_delete``, which check ``DraftVersion.ensure_editable`` again under a lock.
    """

    def _perm(self, request: HttpRequest, action: str, obj: Any = None) -> bool:
        # consultations/rules.py: coordinators, and never on a frozen version's parts.
        opts = self.model._meta  # type: ignore[attr-defined]
        return request.user.has_perm(f"consultations.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._perm(request, "view", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._perm(request, "change", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._perm(request, "delete", obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.draft_part_save(part=obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.draft_part_delete(part=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            services.draft_part_delete(part=obj, by=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            services.draft_part_save(part=obj, by=request.user)
        for obj in formset.deleted_objects:
            services.draft_part_delete(part=obj, by=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Versions, sections and paragraphs have no many-to-many fields: only the inline
        # rows remain, each through the services (docs/architecture.md, "Writes from the admin").
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ReadOnlyInlineWhenPublishedMixin(ReadOnlyWhenPublishedMixin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # ``obj`` is the parent (a version or a section): nothing is added to a frozen one.
        return self._perm(request, "add", obj)


class SectionInline(ReadOnlyInlineWhenPublishedMixin, admin.TabularInline):
    model = Section
    form = SectionForm
    extra = 0
    show_change_link = True


@admin.register(DraftVersion)
class DraftVersionAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    form = DraftVersionForm
    list_display = ("title", "programme_label", "number", "status", "created_at", "published_at")
    list_select_related = ("programme",)

    @admin.display(description=_("programme"), ordering="programme__first_year")
    def programme_label(self, obj: DraftVersion) -> str:
        return obj.programme.short_label

    list_filter = ("programme", "status")
    search_fields = ("title", "change_note")
    date_hierarchy = "created_at"
    autocomplete_fields = ("created_by", "published_by")
    readonly_fields = ("status", "published_at", "published_by", "created_at", "pdf_links")
    inlines = [SectionInline]
    actions = ["publish_versions"]

    @admin.display(description=_("documents"))
    def pdf_links(self, obj: DraftVersion) -> str:
        if not obj.pk:
            return "–"
        kwargs = {"slug": obj.programme.slug, "number": obj.number}
        links = [(reverse("consultations:draft_pdf", kwargs=kwargs), _("PDF"))]
        if obj.number > 1:
            links.append(
                (
                    reverse(
                        "consultations:draft_diff",
                        kwargs={**kwargs, "number": obj.number - 1, "other": obj.number},
                    ),
                    _("changes since the previous version"),
                )
            )
        return format_html(
            " · ".join(['<a href="{}">{}</a>'] * len(links)), *[x for link in links for x in link]
        )

    @admin.action(
        description=_("Publish the selected versions (checks the mandatory sections)"),
        permissions=["change"],
    )
    def publish_versions(self, request: HttpRequest, queryset: QuerySet[DraftVersion]) -> None:
        for version in queryset:
            try:
                services.version_publish(version=version, by=request.user)
            except ValidationError as exc:
                self.message_user(
                    request,
                    format_html(
                        "{}<ul>{}</ul>",
                        _("Version %(number)s was not published:") % {"number": version.number},
                        format_html("".join("<li>{}</li>" for _m in exc.messages), *exc.messages),
                    ),
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("Version %(number)s was published; its PDF is being prepared.")
                    % {"number": version.number},
                    messages.SUCCESS,
                )


class ParagraphInline(ReadOnlyInlineWhenPublishedMixin, admin.TabularInline):
    model = Paragraph
    form = ParagraphForm
    extra = 0


@admin.register(Section)
class SectionAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    form = SectionForm
    list_display = ("title", "version", "position", "kind")
    list_filter = ("version__programme", "version", "kind")
    search_fields = ("title", "paragraphs__text")
    inlines = [ParagraphInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # New sections go only into versions still being prepared.
        if db_field.name == "version":
            kwargs["queryset"] = DraftVersion.objects.exclude(
                status=DraftVersion.Status.PUBLISHED
            ).select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AnsweredFilter(admin.SimpleListFilter):
    """The coordinators' inbox: what still needs an answer, what awaits publication."""

    title = _("answer")
    parameter_name = "answered"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("no", _("not answered")),
            ("draft", _("answered, not published")),
            ("published", _("answer published")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.value() == "no":
            return queryset.filter(answer="")
        if self.value() == "draft":
            return queryset.exclude(answer="").filter(answer_published_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(answer_published_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    """Coordinators answer comments here; the author's text is read-only."""

    form = CommentAnswerForm
    list_display = (
        "number",
        "channel",
        "version_label",
        "part_label",
        "proposed_excerpt",
        "organisation",
        "status",
        "answer",
        "answer_published_at",
    )
    list_filter = (
        AnsweredFilter,
        "version__programme",
        "version",
        ("paragraph__section__kind", admin.ChoicesFieldListFilter),
        "organisation",
        "capacity",
        "status",
        "answer",
    )
    search_fields = ("proposed_wording", "justification", "current_wording", "organisation__name")
    date_hierarchy = "submitted_at"
    list_select_related = ("version__programme", "organisation", "paragraph__section")
    actions = ["publish_answers"]
    readonly_fields = (
        "receipt",
        "version",
        "part_label",
        "author",
        "organisation",
        "capacity",
        "current_wording",
        "proposed_wording",
        "justification",
        "submitted_at",
        "status",
        "channel",
        "is_late",
        "sender_name",
        "scan_link",
        "registered_by",
        "answered_by",
        "answered_at",
        "answer_published_at",
    )
    fieldsets = (
        (
            pgettext_lazy("admin fieldset", "Comment"),
            {
                "fields": (
                    "receipt",
                    "version",
                    "part_label",
                    "author",
                    "organisation",
                    "capacity",
                    "current_wording",
                    "proposed_wording",
                    "justification",
                    "submitted_at",
                    "status",
                    "channel",
                    "is_late",
                    "sender_name",
                    "scan_link",
                    "registered_by",
                )
            },
        ),
        (
            _("Answer"),
            {
                "fields": (
                    "answer",
                    "answer_justification",
                    "correction_reason",
                    "resulting_paragraph_ref",
                    "answered_by",
                    "answered_at",
                    "answer_published_at",
                )
            },
        ),
        (
            _("Not a comment on this document"),
            {
                "classes": ("collapse",),
                "fields": ("not_a_comment_kind", "not_a_comment_reason"),
            },
        ),
    )

    class Media:
        js = ("vendor/htmx/htmx.min.js",)  # the paragraph picker's suggestions

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Members comment through the public form; coordinators add here only what came
        # by e-mail, post or at a meeting (issue 10, item 4), through comment_register.
        return is_coordinator(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else super().get_readonly_fields(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return (
                (
                    _("Comment received by e-mail, post or at a meeting"),
                    {
                        "fields": (
                            "version",
                            "paragraph_ref",
                            "channel",
                            "received_at",
                            "capacity",
                            "organisation",
                            "sender_name",
                            "current_wording",
                            "proposed_wording",
                            "justification",
                            "scan",
                        )
                    },
                ),
            )
        return super().get_fieldsets(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The report is numbered 1..N: a received comment is never deleted (issue 10).
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = RegisteredCommentForm
            kwargs["fields"] = None
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.is_not_a_comment:
            # Already set aside: the decision is shown read-only, in the history.
            form.base_fields["not_a_comment_kind"].initial = obj.not_a_comment_kind
            form.base_fields["not_a_comment_reason"].initial = obj.not_a_comment_reason
        return form

    @admin.display(description=_("part of the document"))
    def part_label(self, obj: Comment) -> str:
        return obj.part_label

    @admin.display(description=_("version"), ordering="version__number")
    def version_label(self, obj: Comment) -> str:
        return f"{obj.version.programme.period_display} / {obj.version.number}"

    @admin.display(description=_("proposed wording"))
    def proposed_excerpt(self, obj: Comment) -> str:
        text = obj.proposed_wording
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description=_("scan of the letter"))
    def scan_link(self, obj: Comment) -> str:
        if not obj.scan:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("consultations:comment_scan", args=[obj.pk]), _("open")
        )

    @admin.display(description=_("receipt number"))
    def receipt(self, obj: Comment) -> str:
        return obj.receipt_number

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        """Answers go through the service, which records who, when and (if needed) why."""
        data = form.cleaned_data
        if not change:
            saved = services.comment_register(
                version=data["version"],
                paragraph=data.get("paragraph"),
                data=services.RegisteredCommentData(
                    channel=data["channel"],
                    received_at=data["received_at"],
                    sender_name=data.get("sender_name") or "",
                    scan=data.get("scan"),
                    comment=services.CommentData(
                        current_wording=data.get("current_wording") or "",
                        proposed_wording=data["proposed_wording"],
                        justification=data["justification"],
                        capacity=data["capacity"],
                        organisation=data.get("organisation"),
                    ),
                ),
                by=request.user,
                now=timezone.now(),
            )
            for field in Comment._meta.concrete_fields:
                setattr(obj, field.attname, getattr(saved, field.attname))
            obj._state.adding = False
            return
        if "resulting_paragraph_ref" in form.changed_data:
            services.comment_link_paragraph(
                comment=obj,
                paragraph=data.get("resulting_paragraph_ref"),
                by=request.user,
                now=timezone.now(),
            )
        if data.get("not_a_comment_kind") and not obj.is_not_a_comment:
            services.comment_not_a_comment_mark(
                comment=obj,
                kind=data["not_a_comment_kind"],
                reason=data["not_a_comment_reason"],
                by=request.user,
                now=timezone.now(),
            )
        if data.get("answer"):
            services.comment_answer_record(
                comment=obj,
                answer=data["answer"],
                justification=data["answer_justification"],
                by=request.user,
                now=timezone.now(),
                reason=data.get("correction_reason", ""),
            )

    @admin.action(description=_("Publish the answers of the selected comments"))
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # a comment has no many-to-many fields or inlines: save_model's services wrote all

    def publish_answers(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        try:
            published, skipped = services.comment_answers_publish(
                comments=list(queryset), by=request.user, now=timezone.now()
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request,
            _("Published %(published)d answers.") % {"published": published},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _("%(skipped)d comments were skipped: they have no position or justification yet.")
                % {"skipped": skipped},
                messages.WARNING,
            )


# ------------------------------------------------------------------------------
# Adoption by the council: recorded once, through the service, never deleted
# ------------------------------------------------------------------------------
class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = (
            "programme",
            "version",
            "council",
            "resolution_number",
            "resolution_date",
            "bip_url",
            "opinion_date",
            "opinion_text",
            "opinion_pdf",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].queryset = DraftVersion.objects.published().select_related(  # type: ignore[attr-defined]
                "programme"
            )
        if "programme" in self.fields:
            self.fields["programme"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
                adoption__isnull=True
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        programme, version = data.get("programme"), data.get("version")
        if programme is not None:
            try:
                services.adoption_check(programme=programme, version=version)
            except ValidationError as exc:
                self.add_error("version" if hasattr(exc, "error_dict") else None, exc)
        return data


@admin.register(Adoption)
class AdoptionAdmin(SimpleHistoryAdmin):
    """Coordinators record the council's resolution here; once recorded it is read-only."""

    form = AdoptionForm
    list_display = ("programme", "resolution_number", "resolution_date", "version", "recorded_at")
    list_select_related = ("programme", "version")
    readonly_fields = ("recorded_by", "recorded_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A recorded resolution is not edited: it is the public record (issue 10).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(AdoptionForm.Meta.fields)
        return [*fields, "recorded_by", "recorded_at"] if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Adoption, form: Any, change: bool) -> None:
        """The adoption goes through the service, which records who and when."""
        data = form.cleaned_data
        form.instance = services.programme_adopt(
            programme=data["programme"],
            data=services.AdoptionData(
                version=data["version"],
                resolution_number=data["resolution_number"],
                resolution_date=data["resolution_date"],
                bip_url=data["bip_url"],
                council=data["council"],
                opinion_date=data.get("opinion_date"),
                opinion_text=data.get("opinion_text") or "",
                opinion_pdf=data.get("opinion_pdf"),
            ),
            by=request.user,
            now=timezone.now(),
        )
        # The admin logs and redirects with ``obj``: make it the row the service wrote.
        for field in Adoption._meta.concrete_fields:
            setattr(obj, field.attname, getattr(form.instance, field.attname))
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass


# ------------------------------------------------------------------------------
# Deadline reminders (issue 5)
# ------------------------------------------------------------------------------
