from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("iljari.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("public/", include("iljari.reports.public_urls")),
    path("apply/", include("iljari.participants.public_urls")),
    path("jobs/", include("iljari.employment.public_urls")),
    path("cafes/", include("iljari.bookings.public_urls")),
    path("grants/", include("iljari.cases.public_urls")),
    path("", include("iljari.web.urls")),
]

# Under /api/ an unmatched URL or a bad request answers in the API's error shape (iljari.api.errors).
handler404 = "iljari.api.errors.page_not_found"
handler400 = "iljari.api.errors.bad_request"
