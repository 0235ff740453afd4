"""Records for the comparison, from the registry or from the canonical CSV files (evaluation without a database)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .engine import Record


def records_from_registry(programs: Any) -> list[Record]:
    """Programs (a queryset) as records; the area is the owner's district (none: city-wide) within its city."""
    from iljari.orgs.models import OrgUnit

    qs = programs.select_related("owner_org", "owner_org__district", "job_type", "subtype", "delivery_mode") \
        .prefetch_related("target_groups")
    roots = {o.pk: o for o in OrgUnit.objects.filter(parent__isnull=True)}
    out = []
    for p in qs:
        root_id = int(p.owner_org.path.strip(".").split(".")[0]) if p.owner_org.path else None
        root = roots.get(root_id) if root_id else None
        district = p.owner_org.district
        out.append(Record(
            id=p.pk, code=p.code, name=p.name_ko, description=p.description,
            groups=frozenset(g.code for g in p.target_groups.all()), job_type=p.job_type.code if p.job_type else "",
            subtype=p.subtype.code if p.subtype else "", delivery=p.delivery_mode.code if p.delivery_mode else "",
            city=root.code if root else "", district=district.code if district else "",
            area_label=(district.name_ko if district else (root.name_ko if root else "")), owner=p.owner_org.code,
            start_year=p.start.year if p.start else None, end_year=p.end.year if p.end else None))
    return out


def records_from_csv(programs_csv: Path, orgs_csv: Path) -> list[Record]:
    """The canonical programs.csv and orgs.csv (docs/interchange.md) as records."""
    orgs = {r["code"]: r for r in csv.DictReader(orgs_csv.open(encoding="utf-8-sig"))}

    def chain(code: str) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        while code and code in orgs and len(out) < 20:
            out.append(orgs[code])
            code = orgs[code].get("parent", "")
        return out

    records = []
    for n, r in enumerate(csv.DictReader(programs_csv.open(encoding="utf-8-sig")), start=1):
        up = chain(r["owner_org"])
        district = next((o for o in up if o.get("kind") == "district"), None)
        city = up[-1] if up else None
        records.append(Record(
            id=n, code=r["code"], name=r["name_ko"], description=r.get("description", ""),
            groups=frozenset(g for g in r.get("target_groups", "").split(";") if g), job_type=r.get("job_type", ""),
            subtype=r.get("subtype", ""), delivery=r.get("delivery_mode", ""),
            city=city["code"] if city else "", district=district["code"] if district else "",
            area_label=(district or city or {}).get("name_ko", ""), owner=r["owner_org"],
            start_year=int(r["start"][:4]) if r.get("start") else None,
            end_year=int(r["end"][:4]) if r.get("end") else None))
    return records
