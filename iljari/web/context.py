from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from iljari.access import policy

# The figure pages and the choices each reads from its address (ledger.figures.FIGURE_KEYS).
_ALL = ("year", "as_of", "org", "unit", "rounding")
CARRIED = {"dashboard": _ALL, "pivot": _ALL, "programs": _ALL, "report": _ALL, "quality": ("year", "as_of", "org"),
           "evaluation": ("year",), "evaluation_weak": ("year",)}
MEMORY = "figure_choices"


def remembered(request: HttpRequest) -> dict[str, str]:
    """The period, unit and rounding the officer last chose on a figure page (kept in the session until changed),
    updated from this request's address when it is a figure page's."""
    from iljari.ledger.figures import figure_choices

    session = getattr(request, "session", None)
    if session is None:
        return {}
    memory: dict[str, str] = dict(session.get(MEMORY) or {})
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "web" and match.url_name in CARRIED and request.method == "GET":
        chosen = figure_choices(request.GET, request.user)
        if "year" in chosen and "as_of" not in chosen and memory.get("as_of", "")[:4] != chosen["year"]:
            chosen["as_of"] = ""  # another year: its own latest date, not last year's
        if chosen.get("as_of") and "year" not in chosen:
            chosen["year"] = chosen["as_of"][:4]
        updated = {k: v for k, v in {**memory, **chosen}.items() if v}
        if updated != memory:
            session[MEMORY] = memory = updated
    return memory


def figures_link(name: str, memory: dict[str, str], *args: Any) -> str:
    """A figure page's address carrying the choices it reads."""
    url = reverse(f"web:{name}", args=args)
    query = {k: memory[k] for k in CARRIED[name] if memory.get(k)}
    return url + ("?" + urlencode(query) if query else "")


def _whole_scope(user: Any, code: str) -> bool:
    """Whether a unit is all the user may see anyway (the city for global roles, an officer's own unit): the
    program list then needs no unit filter, which reads the owner and would drop the programs the unit only
    carries out."""
    from iljari.orgs.models import OrgUnit

    home = policy.home_unit(user)
    if home is not None:
        return home.code == code
    return OrgUnit.objects.filter(code=code, parent__isnull=True).exists()


def _sees_centres(user: Any) -> bool:
    """The job centres' menu item: for users who may see seekers, or see a centre's figures (global roles)."""
    return policy.allows(user, "view_seeker") or policy.grant(user, "view").everywhere


def _subsidies_label() -> str:
    """The subsidies' and calls' menu item (issue 17): officers who may see cases; its words in the page's
    language (written here rather than in the message catalogue, as the header's API token link is)."""
    from django.utils import translation

    return "Subsidies and calls" if (translation.get_language() or "ko").startswith("en") else "지원금·공모"


def _outcomes_label() -> str:
    """The outcome indicators' menu item (issue 18), in the page's language as the subsidies' is."""
    from django.utils import translation

    return "Outcomes" if (translation.get_language() or "ko").startswith("en") else "성과 지표"


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memory = remembered(request)
    listed = {k: v for k, v in memory.items() if k != "org" or not _whole_scope(user, v)}
    items = [(_("Dashboard"), figures_link("dashboard", memory)), (_("Programs"), figures_link("programs", listed)),
             (_("Pivot"), figures_link("pivot", memory))]
    if policy.allows(user, "record"):
        items.append((_("Monthly entry"), reverse("web:entry")))
    items += [(_("Reports"), figures_link("report", memory, "work-report")), (_("Pledges"), reverse("web:pledges")),
              (_("Duplicates"), reverse("web:duplicates")), (_("Evaluation"), figures_link("evaluation", memory)),
              *([(_outcomes_label(), reverse("web:outcomes:runs"))] if policy.allows(user, "view_outcomes") else []),
              (_("Participants"), reverse("web:rounds")),
              *([(_("People and benefits"), reverse("web:people:alerts"))]
                if policy.allows(user, "view_person") else []),
              *([(_("Job centres"), reverse("web:employment:home"))] if _sees_centres(user) else []),
              (_("Job cafés and suits"), reverse("web:bookings:home")),
              *([(_subsidies_label(), reverse("web:cases:queue"))] if policy.allows(user, "view_case") else []),
              (_("Data quality"), figures_link("quality", memory)), (_("Organisation"), reverse("web:orgs")),
              (_("Code lists"), reverse("web:codes"))]
    if policy.allows(user, "administer"):
        items.append((_("Audit trail"), reverse("web:audit")))
    path = request.path
    nav = []
    for label, url in items:
        bare = url.split("?", 1)[0]
        nav.append((label, url, path == bare or (bare != "/" and path.startswith(bare))))
    return {"nav_items": nav, "home_url": items[0][1], "user_roles": _role_labels(request, user)}


def _role_labels(request: HttpRequest, user: Any) -> list[str]:
    """The user's roles in the page's language ("자치구 담당자", "District officer"), never their codes."""
    from django.utils import translation

    from iljari.access.models import Role
    from iljari.core.labels import one_language

    return [one_language(Role(code).label, translation.get_language()) for code in sorted(policy.roles(user))]
