"""The officers' pages of job cafés and suit rental (namespace `bookings`, included into the shell's `web`
namespace: `web:bookings:…`), all under /bookings/. Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import (
    suit_views,  # slice "suits"
    views_usage,
)

app_name = "bookings"

urlpatterns: list = [
    # --- usage dashboard and the ledger derivation (slice "ledger") ---
    path("bookings/", views_usage.home, name="home"),
    # --- end "ledger" ---
    # --- rooms: today's bookings, desk booking, check-in, no-show (slice "rooms") ---
    # --- end "rooms" ---
    # --- programmes and sessions, attendance, waiting lists (slice "programmes") ---
    # --- end "programmes" ---
    # --- suit rentals: pick-up, return, late returns, stock (slice "suits") ---
    path("bookings/rentals/", suit_views.rentals, name="rentals"),
    path("bookings/rentals/new/", suit_views.desk_rental, name="desk_rental"),
    path("bookings/rentals/<int:rental_id>/", suit_views.rental, name="rental"),
    path("bookings/stock/", suit_views.stock, name="stock"),
    path("bookings/stock/new/", suit_views.stock_new, name="stock_new"),
    path("bookings/stock/<int:item_id>/", suit_views.stock_item, name="stock_item"),
    # --- end "suits" ---
    # --- places, rooms, hours, closures, rules, penalties (slice "accounts") ---
    # --- end "accounts" ---
]
