"""The menus of the bookings' pages: `bookings_subnav` (officers: the parts a user's roles may open) and
`cafes_nav` (citizens). Items whose page does not exist are left out (each slice adds its own)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from iljari.access import policy

register = template.Library()


def _items(spec: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for label, name in spec:
        try:
            out.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return out


def _current(items: list[tuple[str, str]], path: str, home: str) -> list[tuple[str, str, bool]]:
    under = [url for _label, url in items if path == url or (url != home and path.startswith(url))]
    current = max(under, key=len) if under else None
    return [(label, url, url == current) for label, url in items]


@register.inclusion_tag("bookings/_subnav.html", takes_context=True)
def bookings_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = [(_("Usage by month"), "web:bookings:home")]
    if user is not None and policy.allows(user, "view_booking"):
        spec += [(_("Today's bookings"), "web:bookings:today"), (_("Sessions"), "web:bookings:sessions"),
                 (_("Suit rentals"), "web:bookings:rentals"), (_("Suit stock"), "web:bookings:stock"),
                 (_("Penalties"), "web:bookings:penalties")]
    spec += [(_("Cafés and branches"), "web:bookings:places"), (_("Booking rules"), "web:bookings:rules")]
    items = _items(spec)
    home = reverse("web:bookings:home")
    return {"bookings_items": _current(items, getattr(request, "path", ""), home)}


@register.inclusion_tag("bookings/public/_nav.html", takes_context=True)
def cafes_nav(context: dict[str, Any]) -> dict[str, Any]:
    from iljari.bookings.accounts import current_account

    request = context.get("request")
    account = current_account(request) if request is not None else None
    spec = [(_("Job cafés"), "cafes:home"), (_("Programmes"), "cafes:programmes"),
            (_("Interview suits"), "cafes:suits")]
    spec += [(_("My bookings"), "cafes:mine")] if account else [(_("Log in"), "cafes:login"),
                                                                (_("Sign up"), "cafes:register")]
    items = _items(spec)
    home = reverse("cafes:home")
    return {"cafes_items": _current(items, getattr(request, "path", ""), home), "citizen": account}
