"""The officers' pages of job cafés and suit rental (namespace `bookings`, included into the shell's `web`
namespace: `web:bookings:…`), all under /bookings/. Each slice of issue 16 keeps its routes in its own block."""

from django.urls import path

from . import programme_views, room_views, suit_views, views_places, views_usage

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
    path("bookings/sessions/", programme_views.sessions, name="sessions"),
    path("bookings/sessions/new/", programme_views.session_new, name="session_new"),
    path("bookings/sessions/<int:session_id>/", programme_views.session, name="session"),
    path("bookings/programmes/", programme_views.programmes, name="programmes"),
    path("bookings/programmes/<int:programme_id>/", programme_views.programme, name="programme"),
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
    path("bookings/places/", views_places.places, name="places"),
    path("bookings/places/new/", views_places.place_new, name="place_new"),
    path("bookings/places/import/", views_places.places_import_page, name="places_import"),
    path("bookings/places/template.xlsx", views_places.places_template, name="places_template"),
    path("bookings/places/<str:code>/", views_places.place, name="place"),
    path("bookings/operators/", views_places.operators, name="operators"),
    path("bookings/operators/new/", views_places.operator_new, name="operator_new"),
    path("bookings/operators/<str:code>/", views_places.operator, name="operator"),
    path("bookings/rules/", views_places.rules, name="rules"),
    path("bookings/rules/new/", views_places.rule_new, name="rule_new"),
    path("bookings/rules/<int:rule_id>/", views_places.rule, name="rule"),
    path("bookings/penalties/", views_places.penalties, name="penalties"),
    path("bookings/penalties/<int:penalty_id>/lift/", views_places.penalty_lift, name="penalty_lift"),
    # --- end "accounts" ---
]
