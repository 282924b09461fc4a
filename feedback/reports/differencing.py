"""Refuse filtered views that could be subtracted from wider ones to pick out a few people.

With 10 service users, 10 staff and 1 carer, "all roles" minus "service users" minus
"staff" is the carer alone, though each view is large. Two rules stop that:

- complement: a view narrowed by one filter leaves out the rest of the view without that
  filter (the parent); if that rest is 1 to SMALL_GROUP_MINIMUM - 1 responses, comparing
  the two would show them, so the narrowed view is refused. This covers date ranges.
- complementary suppression, for the filters that pick one of a few groups (role, event,
  language, format): the groups too small to show are refused already; if together they are still
  fewer than the minimum, the smallest other group is refused as well, and so on, so that
  subtracting every group that can be shown from the parent leaves at least the minimum.

No Flask here; the results page, quotes and email summaries all go through build_results
or refused_view().
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Response
from .filters import ResultsFilter, response_conditions
from .suppression import Rules

# Filters that pick one group out of a few, and the column that says which group.
CATEGORICAL = {"role": Response.respondent_role, "event_id": Response.event_id, "language": Response.language,
               "format": Response.format}
RANGES = ("date_from", "date_to")


def refused_view(session: Session, filters: ResultsFilter, rules: Rules) -> bool:
    """Whether this filtered view must not be shown, however large it is itself."""
    if not filters.is_narrowed:
        return False
    for name in (*CATEGORICAL, *RANGES):
        chosen = getattr(filters, name)
        if chosen is None:
            continue
        parent = replace(filters, **{name: None})
        if name in CATEGORICAL:
            if chosen in refused_groups(_group_sizes(session, parent, name), rules):
                return True
        else:
            left_out = _total(session, parent) - _total(session, filters)
            if 0 < left_out < rules.group_minimum:
                return True
    return False


def refused_groups(sizes: dict[object, int], rules: Rules) -> set[object]:
    """The groups whose view is refused: the small ones, and then the smallest others until
    the refused groups together are none or at least the minimum."""
    refused = {group for group, size in sizes.items() if 0 < size < rules.group_minimum}
    others = sorted((size, str(group), group) for group, size in sizes.items() if group not in refused and size)
    while 0 < sum(sizes[group] for group in refused) < rules.group_minimum and others:
        refused.add(others.pop(0)[2])
    return refused


def _group_sizes(session: Session, parent: ResultsFilter, name: str) -> dict[object, int]:
    column = CATEGORICAL[name]
    rows = session.execute(select(column, func.count()).where(*response_conditions(parent)).group_by(column))
    # Responses with no event (or no recorded format) are a group too: not one that can be
    # picked, but what is left when every event's view is taken from the survey's.
    return {group: count for group, count in rows}


def _total(session: Session, filters: ResultsFilter) -> int:
    return session.scalar(select(func.count(Response.id)).where(*response_conditions(filters))) or 0
