"""`iljari rotate-rrn-keys`: every stored resident number re-hashed and re-encrypted with new keys, in one audited
transaction; the same person is still found after the application restarts with the new keys."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from iljari.audit.models import AuditEntry
from iljari.participants.models import Applicant
from iljari.participants.rrn import decrypt_rrn, parse_rrn, rrn_hash
from iljari.participants.services import applicant_register

pytestmark = pytest.mark.django_db

NUMBERS = ["900101-1234567", "850315-2345678", "010203-3456789"]
NEW_HASH_KEY = "n3W-h4sh-k3y-" + "Zq8Lw2Xv7Rt5Yp1Uo9Ki3Jm6Hn4Bg0Fd"
NEW_FERNET = Fernet.generate_key().decode()


def register(actor, settings):
    for i, n in enumerate(NUMBERS):
        applicant_register(actor=actor, rrn=n, data={"name": f"신청자{i}"})


def test_rotation_rehashes_and_reencrypts_every_number(actor, settings, monkeypatch):
    register(actor, settings)
    old_hashes = set(Applicant.objects.values_list("rrn_hash", flat=True))
    monkeypatch.setenv("ILJARI_NEW_RRN_HASH_KEY", NEW_HASH_KEY)
    monkeypatch.setenv("ILJARI_NEW_RRN_KEY", NEW_FERNET)
    out = io.StringIO()
    call_command("rotate-rrn-keys", "--actor", "security-officer", stdout=out)
    assert "3" in out.getvalue()

    # The application restarts with the new keys.
    old_fernet = settings.RRN_ENCRYPTION_KEY
    settings.RRN_HASH_KEY, settings.RRN_ENCRYPTION_KEY = NEW_HASH_KEY, NEW_FERNET
    by_hash = {a.rrn_hash: a for a in Applicant.objects.all()}
    assert not old_hashes & set(by_hash)
    for n in NUMBERS:
        a = by_hash[rrn_hash(parse_rrn(n))]  # found with the new key
        assert decrypt_rrn(a.rrn_encrypted) == n
        with pytest.raises(InvalidToken):
            Fernet(old_fernet.encode()).decrypt(a.rrn_encrypted.encode())
    again = applicant_register(actor=actor, rrn=NUMBERS[0], data={"name": "신청자0"})
    assert Applicant.objects.count() == 3 and again.pk == by_hash[rrn_hash(parse_rrn(NUMBERS[0]))].pk

    # One audit row per applicant, one batch, no number, hash or key in them.
    rows = AuditEntry.objects.filter(object_type="participants.applicant", action=AuditEntry.Action.UPDATE,
                                     actor_label="security-officer")
    assert rows.count() == 3 and len({r.batch_id for r in rows}) == 1 and {r.source for r in rows} == {"cli"}
    assert all("키 교체" in r.reason for r in rows)
    text = "".join(str(r.before) + str(r.after) + r.reason for r in rows)
    assert not any(n[:6] in text or NEW_HASH_KEY in text or NEW_FERNET in text for n in NUMBERS)
    assert not any(h in text for h in old_hashes | set(by_hash))


def test_a_wrong_old_key_changes_nothing(actor, settings, monkeypatch):
    register(actor, settings)
    before = list(Applicant.objects.order_by("pk").values_list("rrn_hash", "rrn_encrypted"))
    monkeypatch.setenv("ILJARI_NEW_RRN_HASH_KEY", NEW_HASH_KEY)
    monkeypatch.setenv("ILJARI_NEW_RRN_KEY", NEW_FERNET)
    settings.RRN_HASH_KEY = "not-the-key-the-numbers-were-hashed-with-0123456789"
    with pytest.raises(SystemExit):
        call_command("rotate-rrn-keys", stderr=io.StringIO())
    assert list(Applicant.objects.order_by("pk").values_list("rrn_hash", "rrn_encrypted")) == before


def test_new_keys_must_be_strong(actor, settings, monkeypatch):
    register(actor, settings)
    monkeypatch.setenv("ILJARI_NEW_RRN_HASH_KEY", "dev-only-rrn-hash-key")
    monkeypatch.setenv("ILJARI_NEW_RRN_KEY", NEW_FERNET)
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("rotate-rrn-keys", stderr=err)
    assert "ILJARI_NEW_RRN_HASH_KEY is the development key" in err.getvalue()
