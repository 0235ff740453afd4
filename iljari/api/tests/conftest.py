import pytest
from rest_framework.test import APIClient


@pytest.fixture
def client_for(make_user):
    """An API client authenticated as a new user with one role (at an org unit of `tree`)."""

    def make(username: str, role: str = "reviewer", unit: str | None = None) -> APIClient:
        c = APIClient()
        c.force_authenticate(make_user(username, role, unit))
        return c

    return make
