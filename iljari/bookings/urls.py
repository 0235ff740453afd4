"""The officers' pages of job cafés and suit rental (namespace `bookings`, included into the shell's `web`
namespace: `web:bookings:…`), all under /bookings/. Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import programme_views, views_usage

app_name = "bookings"

urlpatterns: list = [
    # --- usage dashboard and the ledger derivation (slice "ledger") ---
    path("bookings/", views_usage.home, name="home"),
    # --- end "ledger" ---
    # --- rooms: today's bookings, desk booking, check-in, no-show (slice "rooms") ---
    # --- end "rooms" ---
    # --- programmes and sessions, attendance, waiting lists (slice "programmes") ---
    path("bookings/sessions/", programme_views.sessions, name="sessions"),
    path("bookings/sessions/new/", programme_views.session_new, name="session_new"),
    path("bookings/sessions/<int:session_id>/", programme_views.session, name="session"),
    path("bookings/programmes/", programme_views.programmes, name="programmes"),
    path("bookings/programmes/<int:programme_id>/", programme_views.programme, name="programme"),
    # --- end "programmes" ---
    # --- suit rentals: pick-up, return, late returns, stock (slice "suits") ---
    # --- end "suits" ---
    # --- places, rooms, hours, closures, rules, penalties (slice "accounts") ---
    # --- end "accounts" ---
]
