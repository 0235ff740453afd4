"""Issue 12, hole 7: role grants are audited, through the service, the Django admin and load-demo; every model
the admin can change writes audit rows."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client

from iljari.access.models import Membership
from iljari.access.services import membership_grant, membership_revoke
from iljari.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", password="pw")


def _admin(root) -> Client:
    c = Client()
    c.force_login(root)
    return c


def test_grant_and_revoke_write_audit_rows(tree, root):
    user = get_user_model().objects.create_user("kim")
    membership_grant(actor=root, user=user, role="program_officer", org_unit=tree["JOBPOL"], reason="인사 발령")
    membership_grant(actor=root, user=user, role="program_officer", org_unit=tree["JOBPOL"])  # already has it
    assert membership_revoke(actor=root, user=user, role="program_officer", org_unit=tree["JOBPOL"], reason="전보")
    rows = list(AuditEntry.objects.filter(object_type="access.membership").order_by("id"))
    assert [(e.action, e.actor_label, e.reason) for e in rows] == [("create", "root", "인사 발령"),
                                                                 ("delete", "root", "전보")]
    assert rows[0].after == {"user": "kim", "role": "program_officer", "org_unit": "JOBPOL"}
    assert rows[1].before == rows[0].after and not Membership.objects.exists()


def test_admin_grants_and_revocations_are_audited(tree, root):
    user = get_user_model().objects.create_user("lee")
    c = _admin(root)
    r = c.post("/admin/access/membership/add/", {"user": user.pk, "role": "district_officer",
                                                 "org_unit": tree["GWANAK"].pk})
    assert r.status_code == 302, r.content.decode()[:3000]
    m = Membership.objects.get(user=user)
    e = AuditEntry.objects.get(object_type="access.membership", action="create")
    assert (e.source, e.actor_label, e.after["role"], e.after["org_unit"]) == ("admin", "root", "district_officer",
                                                                             "GWANAK")
    r = c.post(f"/admin/access/membership/{m.pk}/change/", {"user": user.pk, "role": "program_officer",
                                                            "org_unit": tree["JOBPOL"].pk})
    assert r.status_code == 302
    e = AuditEntry.objects.get(object_type="access.membership", action="update")
    assert (e.before["role"], e.after["role"], e.after["org_unit"]) == ("district_officer", "program_officer",
                                                                        "JOBPOL")
    r = c.post(f"/admin/access/membership/{m.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not Membership.objects.exists()
    assert AuditEntry.objects.get(object_type="access.membership", action="delete").before["role"] == \
        "program_officer"


def test_making_a_superuser_in_the_admin_is_audited(root):
    user = get_user_model().objects.create_user("park")
    c = _admin(root)
    form = c.get(f"/admin/auth/user/{user.pk}/change/")
    assert form.status_code == 200
    r = c.post(f"/admin/auth/user/{user.pk}/change/", {
        "username": "park", "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    assert r.status_code == 302, r.content.decode()[:3000]
    e = AuditEntry.objects.get(object_type="auth.user", object_id=str(user.pk))
    assert (e.before["is_superuser"], e.after["is_superuser"], e.source) == (False, True, "admin")
    assert "password" not in e.after


def test_every_model_the_admin_changes_is_audited_or_read_only(rf, root):
    request = rf.get("/admin/")
    request.user = root
    for model, model_admin in admin.site._registry.items():
        writable = model_admin.has_change_permission(request) or model_admin.has_add_permission(request)
        assert not writable or getattr(model_admin, "audited", False), model._meta.label


def test_load_demo_grants_are_audited(db):
    from django.core.management import call_command

    call_command("load-demo", stdout=io.StringIO(), stderr=io.StringIO())
    grants = AuditEntry.objects.filter(object_type="access.membership", action="create")
    # with the Seoul Job Centre's counsellor (issue 15), the job café's and the suit operator's officers (issue 16),
    # the retention subsidy's and the village-enterprise call's city officers and the call's three reviewers (17)
    assert grants.count() == Membership.objects.count() == 14
    assert {(e.after["user"], e.after["role"]) for e in grants} >= {("admin", "admin"), ("ydp", "district_officer")}
    superuser = AuditEntry.objects.get(object_type="auth.user", after__is_superuser=True)
    assert superuser.actor_label == "demo-loader"


def test_an_api_token_deleted_in_the_admin_is_audited_without_its_key(root):
    from urllib.parse import quote

    from iljari.access.tokens import api_token_create

    user = get_user_model().objects.create_user("choi")
    instance, token = api_token_create(actor=root, user=user, reason="test")
    r = _admin(root).post(f"/admin/knox/authtoken/{quote(instance.pk)}/delete/", {"post": "yes"})
    assert r.status_code == 302, r.content.decode()[:3000]
    e = AuditEntry.objects.get(object_type="knox.authtoken", action="delete")
    seen = f"{e.object_id} {e.object_repr} {e.before} {e.after}"
    assert token not in seen and instance.digest not in seen

