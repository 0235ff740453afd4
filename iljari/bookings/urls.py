"""The officers' pages of job cafés and suit rental (namespace `bookings`, included into the shell's `web`
namespace: `web:bookings:…`), all under /bookings/. Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import room_views, views_usage

app_name = "bookings"

urlpatterns: list = [
    # --- usage dashboard and the ledger derivation (slice "ledger") ---
    path("bookings/", views_usage.home, name="home"),
    # --- end "ledger" ---
    # --- rooms: today's bookings, desk booking, check-in, no-show (slice "rooms") ---
    path("bookings/today/", room_views.today, name="today"),
    path("bookings/bookings/<int:booking_id>/action/", room_views.booking_action, name="booking_action"),
    path("bookings/rooms/<int:room_id>/book/", room_views.desk_booking, name="desk_booking"),
    # --- end "rooms" ---
    # --- programmes and sessions, attendance, waiting lists (slice "programmes") ---
    # --- end "programmes" ---
    # --- suit rentals: pick-up, return, late returns, stock (slice "suits") ---
    # --- end "suits" ---
    # --- places, rooms, hours, closures, rules, penalties (slice "accounts") ---
    # --- end "accounts" ---
]
