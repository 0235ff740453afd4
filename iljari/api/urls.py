from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import (
    alerts,
    bookings_places,
    bookings_programmes,
    bookings_rooms,
    bookings_suits,
    cases_calls,
    cases_flows,
    employment_casework,
    employment_matching,
    employment_registry,
    outcomes_runs,
    people_views,
    views,
)

router = DefaultRouter()
router.register("codes", views.CodeViewSet)
router.register("measures", views.MeasureViewSet)
router.register("orgs", views.OrgUnitViewSet)
router.register("programs", views.ProgramViewSet)
router.register("facts", views.FactViewSet)
router.register("imports", views.ImportViewSet, basename="imports")
# the person registry (issue 14, "benefits" part)
router.register("persons", people_views.PersonViewSet, basename="person")
router.register("benefits", people_views.BenefitViewSet, basename="benefit")
# the double-receipt check (issue 14): alerts, the link review's decision, recovery cases
router.register("alerts", alerts.AlertViewSet, basename="alert")
router.register("links", alerts.LinkViewSet, basename="link")
router.register("recoveries", alerts.RecoveryViewSet, basename="recovery")
# job centres' registries (issue 15, "registry" slice): seekers, vacancies (approval), employers
router.register("seekers", employment_registry.SeekerViewSet, basename="seeker")
router.register("vacancies", employment_registry.VacancyViewSet, basename="vacancy")
router.register("employers", employment_registry.EmployerViewSet, basename="employer")
# job centres' casework (issue 15, slice "casework"): referrals, placements, counselling, follow-ups
router.register("referrals", employment_casework.ReferralViewSet, basename="referral")
router.register("placements", employment_casework.PlacementViewSet, basename="placement")
router.register("counselling", employment_casework.CounsellingViewSet, basename="counselling")
router.register("follow-ups", employment_casework.FollowUpViewSet, basename="follow-up")
# job cafés' programmes (issue 16, slice "programmes"): sessions (public), session bookings, waiting lists
router.register("sessions", bookings_programmes.SessionViewSet, basename="programme-session")
router.register("session-bookings", bookings_programmes.SessionBookingViewSet, basename="session-booking")
router.register("waitlist", bookings_programmes.WaitlistViewSet, basename="waitlist")
# job cafés and suit branches (issue 16, slice "accounts"): public data, read without a login
router.register("places", bookings_places.PlaceViewSet, basename="place")
# bookings (issue 16, slice "suits"): suit rentals and stock
router.register("rentals", bookings_suits.RentalViewSet, basename="rental")
router.register("suit-items", bookings_suits.SuitItemViewSet, basename="suit-item")
# café room bookings (issue 16, slice "rooms"): room and programme bookings, desk bookings, check-in, no-show
router.register("bookings", bookings_rooms.BookingViewSet, basename="booking")
# --- cases slice "flows" (issue 17): cases (list, detail with history and actions, move), flows, payments ---
router.register("cases", cases_flows.CaseViewSet, basename="case")
router.register("flows", cases_flows.FlowViewSet, basename="flow")
router.register("payments", cases_flows.PaymentViewSet, basename="payment")
# --- end cases "flows" ---
# --- cases slice "calls" (issue 17): calls, their ranked lists and applications ---
router.register("calls", cases_calls.CallViewSet, basename="call")
# --- end cases "calls" ---
# --- outcomes slice "indicators" (issue 18): outcome runs and their figures, read only ---
router.register("outcome-runs", outcomes_runs.OutcomeRunViewSet, basename="outcome-run")
# --- end "indicators" ---

urlpatterns = [
    path("rollup/", views.rollup_view, name="rollup"),
    path("validate/", views.validate_view, name="validate"),
    # matching (issue 15): vacancies for a seeker, seekers for a vacancy, with reasons
    path("matches/", employment_matching.matches_view, name="matches"),
    # café rooms' free slots on a day (issue 16, slice "rooms")
    path("slots/", bookings_rooms.slots_view, name="slots"),
    # --- cases slice "calls" (issue 17): a reviewer's assignments, scoring (POST on the case) and recusal ---
    path("reviews/", cases_calls.ReviewViewSet.as_view({"get": "list"}), name="review-list"),
    re_path(r"^reviews/(?P<case_id>[0-9]{1,18})/$",
            cases_calls.ReviewViewSet.as_view({"get": "retrieve", "post": "submit"}), name="review-detail"),
    re_path(r"^reviews/(?P<case_id>[0-9]{1,18})/recuse/$", cases_calls.ReviewViewSet.as_view({"post": "recuse"}),
            name="review-recuse"),
    # --- end cases "calls" ---
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): the content security policy
    # allows no inline script or style.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    path("", include(router.urls)),
]
