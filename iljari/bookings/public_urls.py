"""The citizens' pages (namespace `cafes`, under /cafes/; no officer login: a citizen's own account, phone and
password). Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import programme_public_views, public_views, room_public_views, suit_public_views

app_name = "cafes"

urlpatterns: list = [
    # --- accounts and places: home (places by district), a place, register, login, logout, my bookings (slice
    # "accounts") ---
    path("", public_views.home, name="home"),
    path("places/<str:code>/", public_views.place_page, name="place"),
    path("register/", public_views.register, name="register"),
    path("login/", public_views.login, name="login"),
    path("logout/", public_views.logout, name="logout"),
    path("account/", public_views.account, name="account"),
    path("mine/", public_views.mine, name="mine"),
    # --- end "accounts" ---
    # --- rooms: free slots of a room, book, cancel (slice "rooms") ---
    path("rooms/<int:room_id>/", room_public_views.room, name="room"),
    path("bookings/<int:booking_id>/booked/", room_public_views.booked, name="room_booked"),
    path("bookings/<int:booking_id>/cancel/", room_public_views.cancel, name="booking_cancel"),
    # --- end "rooms" ---
    # --- programmes: sessions, sign up, waiting list and its offers (slice "programmes") ---
    path("programmes/", programme_public_views.programmes, name="programmes"),
    path("sessions/<int:session_id>/", programme_public_views.session, name="session"),
    path("session-bookings/<int:booking_id>/cancel/", programme_public_views.session_cancel, name="session_cancel"),
    path("waitlist/<int:entry_id>/", programme_public_views.waitlist_entry, name="waitlist_entry"),
    # --- end "programmes" ---
    # --- suits: branches and the service, book a suit, cancel (slice "suits") ---
    path("suits/", suit_public_views.suits, name="suits"),
    path("suits/<str:branch_code>/book/", suit_public_views.suit_book, name="suit_book"),
    path("rentals/<int:rental_id>/", suit_public_views.rental, name="rental"),
    path("rentals/<int:rental_id>/cancel/", suit_public_views.rental_cancel, name="rental_cancel"),
    # --- end "suits" ---
]
