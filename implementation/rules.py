"""Who may do what with implementation records and reports (django-rules).

Results are entered by the responsible department's official — a team membership with
the role "official" — for the actions of their team, or by a coordinator; only
coordinators edit and publish the annual report (docs/implementation.md).
"""

from __future__ import annotations

from typing import Any

import rules

from teams.rules import has_verified_email, is_coordinator, team_roles


def _official_team_ids(user: Any) -> set[int]:
    return {team_id for team_id, role in team_roles(user).items() if role == "official"}


@rules.predicate
def is_programme_official(user: Any, programme: Any) -> bool:
    """An official in any team of the programme (sees the whole results page)."""
    ids = _official_team_ids(user)
    if not ids or programme is None:
        return False
    from teams.models import SectorTeam

    return SectorTeam.objects.filter(pk__in=ids, programme_id=programme.pk).exists()


@rules.predicate
def is_action_official(user: Any, action: Any) -> bool:
    """The official of the team the action's goal belongs to."""
    return action is not None and action.goal.team_id in _official_team_ids(user)


@rules.predicate
def is_report_published(user: Any, report: Any) -> bool:
    return report is not None and report.is_published


@rules.predicate
def represents_organisation(user: Any, organisation: Any) -> bool:
    """A representative with a confirmed e-mail address answers for the organisation."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    from teams.models import Representative

    return Representative.objects.filter(user_id=user.pk, organisation=organisation).exists()


can_enter_results = is_coordinator | is_programme_official
can_enter_record = is_coordinator | is_action_official
can_view_report = is_report_published | is_coordinator | is_programme_official
can_answer_survey = has_verified_email & represents_organisation

rules.add_perm("implementation.enter_results", can_enter_results)
rules.add_perm("implementation.enter_record", can_enter_record)
rules.add_perm("implementation.manage_report", is_coordinator)
rules.add_perm("implementation.view_report", can_view_report)
rules.add_perm("implementation.answer_survey", can_answer_survey)

# Admin: coordinators hold the model permissions through their group (COORDINATED_APPS);
# officials enter results in the browser, not the admin.
for _model in ("implementationrecord", "annualreport", "survey", "surveyanswer"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"implementation.{_action}_{_model}", is_coordinator)
rules.add_perm("implementation", is_coordinator)
