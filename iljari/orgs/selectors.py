from __future__ import annotations

import datetime as dt

from .models import OrgUnit, OrgUnitName


def org_names_on(day: dt.date | None, org_ids: list[int] | None = None) -> dict[int, tuple[str, str]]:
    """(name_ko, name_en) of each unit as it was named on `day` (the current name if none is dated)."""
    units = OrgUnit.objects.all() if org_ids is None else OrgUnit.objects.filter(pk__in=org_ids)
    names = {u.pk: (u.name_ko, u.name_en) for u in units.only("pk", "name_ko", "name_en")}
    if day is None:
        return names
    history = OrgUnitName.objects.filter(org_unit_id__in=names.keys()) if org_ids is not None else \
        OrgUnitName.objects.all()
    for h in history:
        if (h.valid_from is None or h.valid_from <= day) and (h.valid_to is None or day <= h.valid_to):
            names[h.org_unit_id] = (h.name_ko, h.name_en or names[h.org_unit_id][1])
    return names
