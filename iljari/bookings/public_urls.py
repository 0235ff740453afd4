"""The citizens' pages (namespace `cafes`, under /cafes/; no officer login: a citizen's own account, phone and
password). Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import (
    public_views,
    suit_public_views,  # slice "suits"
)

app_name = "cafes"

urlpatterns: list = [
    # --- accounts and places: home (places by district), a place, register, login, logout, my bookings (slice
    # "accounts") ---
    path("", public_views.home, name="home"),
    path("logout/", public_views.logout, name="logout"),
    # --- end "accounts" ---
    # --- rooms: free slots of a room, book, cancel (slice "rooms") ---
    # --- end "rooms" ---
    # --- programmes: sessions, sign up, waiting list and its offers (slice "programmes") ---
    # --- end "programmes" ---
    # --- suits: branches and the service, book a suit, cancel (slice "suits") ---
    path("suits/", suit_public_views.suits, name="suits"),
    path("suits/<str:branch_code>/book/", suit_public_views.suit_book, name="suit_book"),
    path("rentals/<int:rental_id>/", suit_public_views.rental, name="rental"),
    path("rentals/<int:rental_id>/cancel/", suit_public_views.rental_cancel, name="rental_cancel"),
    # --- end "suits" ---
]
