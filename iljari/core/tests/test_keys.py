"""Production refuses development, short or invalid keys, at settings import and in `iljari check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "DJANGO_SECRET_KEY": "x7Jq2-" + "k9Vd3mPz0QwLr8TnYb5Uc1HsGf4AeXo6Ni_ZtKjWvRy" + "a1b2c3d4",
    "ILJARI_RRN_HASH_KEY": "Q3n8v1XzLr0pK7sWm2YtB9cHd4Jf6GeN5aUoRi",
    "ILJARI_RRN_KEY": Fernet.generate_key().decode(),
}
# The values committed for development (iljari/settings/base.py): production must never run with them.
DEV_SECRET = "dev-only-insecure-key-change-me"
DEV_HASH = "dev-only-rrn-hash-key"
DEV_FERNET = "ZGV2LW9ubHktcnJuLWtleS1kby1ub3QtdXNlLTAxMjM="


def start_production(**env: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter, as `gunicorn iljari.wsgi` would."""
    e = {k: v for k, v in os.environ.items() if k not in GOOD}
    e.update({"DJANGO_SETTINGS_MODULE": "iljari.settings.production", "PYTHONPATH": str(ROOT)})
    e.update({k: v for k, v in {**GOOD, **env}.items() if v is not None})
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); print('started')"],
                          env=e, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_production_starts_with_generated_keys():
    r = start_production()
    assert r.returncode == 0, r.stderr
    assert "started" in r.stdout


@pytest.mark.parametrize(("env", "says"), [
    ({"DJANGO_SECRET_KEY": DEV_SECRET}, "DJANGO_SECRET_KEY is a development value"),
    ({"DJANGO_SECRET_KEY": "x"}, "DJANGO_SECRET_KEY is too short"),
    ({"DJANGO_SECRET_KEY": "django-insecure-" + "a" * 50}, "DJANGO_SECRET_KEY is a development value"),
    ({"ILJARI_RRN_HASH_KEY": DEV_HASH}, "ILJARI_RRN_HASH_KEY is the development key"),
    ({"ILJARI_RRN_HASH_KEY": "short-but-not-dev"}, "ILJARI_RRN_HASH_KEY is too short"),
    ({"ILJARI_RRN_KEY": DEV_FERNET}, "ILJARI_RRN_KEY is the development Fernet key"),
    ({"ILJARI_RRN_KEY": "not-a-fernet-key"}, "ILJARI_RRN_KEY is not a Fernet key"),
])
def test_production_refuses_to_start_with_weak_keys(env, says):
    r = start_production(**env)
    assert r.returncode != 0
    assert "ImproperlyConfigured" in r.stderr and says in r.stderr
    assert "secrets.token_urlsafe" in r.stderr or "Fernet.generate_key" in r.stderr  # says how to make one


def test_every_problem_is_named_at_once():
    from iljari.core.keys import production_key_problems, require_production_keys

    bad = {"SECRET_KEY": DEV_SECRET, "RRN_HASH_KEY": DEV_HASH, "RRN_ENCRYPTION_KEY": DEV_FERNET}
    assert len(production_key_problems(bad)) == 3
    with pytest.raises(ImproperlyConfigured, match=r"docs/security\.md"):
        require_production_keys(bad)
    assert production_key_problems({"SECRET_KEY": GOOD["DJANGO_SECRET_KEY"],
                                    "RRN_HASH_KEY": GOOD["ILJARI_RRN_HASH_KEY"],
                                    "RRN_ENCRYPTION_KEY": GOOD["ILJARI_RRN_KEY"]}) == []


def test_the_deploy_check_reports_development_keys(settings):
    from django.core import checks

    settings.SECRET_KEY = GOOD["DJANGO_SECRET_KEY"]
    settings.RRN_HASH_KEY = DEV_HASH
    settings.RRN_ENCRYPTION_KEY = GOOD["ILJARI_RRN_KEY"]
    found = [m for m in checks.run_checks(include_deployment_checks=True) if m.id.startswith("iljari.")]
    assert [m.id for m in found] == ["iljari.E001"]
    assert "ILJARI_RRN_HASH_KEY is the development key" in found[0].msg
    settings.RRN_HASH_KEY = GOOD["ILJARI_RRN_HASH_KEY"]
    assert not [m for m in checks.run_checks(include_deployment_checks=True) if m.id.startswith("iljari.")]
    # Not a deployment: development keys are expected and nothing is reported.
    settings.RRN_HASH_KEY = DEV_HASH
    assert not [m for m in checks.run_checks() if m.id.startswith("iljari.")]
