"""The citizens' pages (namespace `cafes`, under /cafes/; no officer login: a citizen's own account, phone and
password). Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import public_views, room_public_views

app_name = "cafes"

urlpatterns: list = [
    # --- accounts and places: home (places by district), a place, register, login, logout, my bookings (slice
    # "accounts") ---
    path("", public_views.home, name="home"),
    path("logout/", public_views.logout, name="logout"),
    # --- end "accounts" ---
    # --- rooms: free slots of a room, book, cancel (slice "rooms") ---
    path("rooms/<int:room_id>/", room_public_views.room, name="room"),
    path("bookings/<int:booking_id>/booked/", room_public_views.booked, name="room_booked"),
    path("bookings/<int:booking_id>/cancel/", room_public_views.cancel, name="booking_cancel"),
    # --- end "rooms" ---
    # --- programmes: sessions, sign up, waiting list and its offers (slice "programmes") ---
    # --- end "programmes" ---
    # --- suits: branches and the service, book a suit, cancel (slice "suits") ---
    # --- end "suits" ---
]
