from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iljari.access import policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [(_("Dashboard"), reverse("web:dashboard")), (_("Programs"), reverse("web:programs")),
             (_("Pivot"), reverse("web:pivot"))]
    if policy.allows(user, "record"):
        items.append((_("Monthly entry"), reverse("web:entry")))
    items += [(_("Reports"), reverse("web:report", args=["work-report"])), (_("Pledges"), reverse("web:pledges")),
              (_("Duplicates"), reverse("web:duplicates")), (_("Evaluation"), reverse("web:evaluation")),
              (_("Participants"), reverse("web:rounds")),
              (_("Data quality"), reverse("web:quality")), (_("Organisation"), reverse("web:orgs")),
              (_("Code lists"), reverse("web:codes"))]
    if policy.allows(user, "administer"):
        items.append((_("Audit trail"), reverse("web:audit")))
    path = request.path
    return {"nav_items": [(label, url, path == url or (url != "/" and path.startswith(url)))
                          for label, url in items],
            "user_roles": _role_labels(request, user)}


def _role_labels(request: HttpRequest, user: Any) -> list[str]:
    """The user's roles in the page's language ("자치구 담당자", "District officer"), never their codes."""
    from django.utils import translation

    from iljari.access.models import Role
    from iljari.core.labels import one_language

    return [one_language(Role(code).label, translation.get_language()) for code in sorted(policy.roles(user))]
