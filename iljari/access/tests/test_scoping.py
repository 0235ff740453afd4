"""The one gate: every model tied to an org unit or a program declares its scope and is read through
`Model.objects.restrict(user, action)`."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from iljari.core.scoping import RestrictedQuerySet, scope_of

pytestmark = pytest.mark.django_db

# Rows that belong to a unit or a program but are reference or derived data read only through their owner
# (with the reason); every other such model must declare a Scope.
UNSCOPED = {
    "orgs.OrgUnitName": "name history of a unit, read through the unit",
    "access.Membership": "role grants, administrators only",
}


def _tied_to_units(model: type[models.Model]) -> bool:
    for f in model._meta.get_fields():
        target = getattr(f, "related_model", None)
        if f.is_relation and not f.auto_created and target is not None \
                and target._meta.label in ("orgs.OrgUnit", "programs.Program"):
            return True
    return False


def test_every_model_tied_to_units_or_programs_declares_its_scope():
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("iljari.") or model._meta.label in UNSCOPED:
            continue
        if _tied_to_units(model) and scope_of(model) is None:
            missing.append(model._meta.label)
    assert not missing, f"models read by units without a declared Scope: {missing}"


def test_scoped_models_are_restricted_through_their_manager():
    for model in apps.get_models():
        if scope_of(model) is not None:
            assert isinstance(model.objects.all(), RestrictedQuerySet), model._meta.label


def test_restrict_follows_the_unit_tree_and_readers_of_implementing_units(make_program, make_user, tree, record):
    from iljari.ledger.models import Fact
    from iljari.programs.models import Program

    a = make_program("A", owner="JOBPOL")
    g = make_program("G", owner="GWANAK-JOB")
    a.implementing_orgs.add(tree["GWANAK"])
    record(a, "job_result", "2021-05", 5, "2021-05-31", org="GWANAK-JOB")
    record(a, "job_result", "2021-05", 7, "2021-05-31", org="JOBPOL")
    gwanak = make_user("gw", "district_officer", "GWANAK")
    reviewer = make_user("rv", "reviewer")
    assert set(Program.objects.restrict(gwanak, "view")) == {a, g}  # owns G, implements A
    assert set(Program.objects.restrict(gwanak, "change_program")) == set()  # district officers do not edit
    assert set(Program.objects.restrict(reviewer, "view")) == {a, g}
    assert list(Program.objects.restrict(reviewer, "record")) == []  # reviewers change nothing
    assert [f.value for f in Fact.objects.restrict(gwanak, "view")] == [5]  # only its own unit's row of A
    assert Program.objects.restrict(gwanak).filter(code="A").count() == 1  # no repeated rows from the join


def test_a_users_own_rows_and_global_only_rows(make_user):
    import datetime as dt

    from iljari.audit.models import AuditEntry
    from iljari.reports.models import ReportJob

    admin, officer = make_user("ad", "admin"), make_user("po", "program_officer", "JOBPOL")
    mine = ReportJob.objects.create(kind="work_report", year=2021, as_of=dt.date(2021, 5, 31), fmt="pdf",
                                    requested_by=officer)
    ReportJob.objects.create(kind="work_report", year=2021, as_of=dt.date(2021, 5, 31), fmt="pdf",
                             requested_by=admin)
    assert list(ReportJob.objects.restrict(officer)) == [mine]  # even an administrator's job is not another's
    assert AuditEntry.objects.exists()
    assert not AuditEntry.objects.restrict(officer).exists()
    assert AuditEntry.objects.restrict(admin).count() == AuditEntry.objects.count()


def test_unknown_actions_and_unscoped_models_are_refused(make_user):
    from iljari.access import policy
    from iljari.access.models import Membership

    with pytest.raises(ValueError):
        policy.grant(make_user("x"), "delete_everything")
    with pytest.raises(TypeError):
        policy.restrict(Membership.objects.all(), make_user("y", "admin"), "view")
