from __future__ import annotations

from django import forms

from reminders.models import ReminderPreferences


class ReminderPreferencesForm(forms.ModelForm):
    """Which reminders a person gets, and in which language."""

    class Meta:
        model = ReminderPreferences
        fields = [
            "language",
            "comment_phase",
            "team_work",
            "unanswered_comments",
            "unpublished_answers",
            "empty_sections",
            "adoption_deadline",
            "implementation_report",
        ]
