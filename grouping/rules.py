"""Who may see groups and campaigns and answer many comments at once: coordinators.

The groups view shows comments before their answers are published (authors'
organisations, unpublished texts): the coordinating team's work, as the admin inbox.
"""

from __future__ import annotations

import rules

from teams.rules import is_coordinator

rules.add_perm("grouping.view_groups", is_coordinator)
rules.add_perm("grouping.answer_many", is_coordinator)
rules.add_perm("grouping.compute_groups", is_coordinator)
for _model in ("groupingrun", "campaign", "commentgroup"):
    rules.add_perm(f"grouping.view_{_model}", is_coordinator)
