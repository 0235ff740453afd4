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
            "user_roles": sorted(policy.roles(user))}
