from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<slug:slug>/", views.public_detail, name="detail"),
    path("<slug:slug>/pdf/", views.public_pdf, name="pdf"),
]
