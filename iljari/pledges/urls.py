"""Pledge cards (공약사업 카드)."""

from django.urls import path

from . import views

urlpatterns = [
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/<str:number>/", views.pledge_detail, name="pledge"),
    path("pledges/<str:number>/update/", views.pledge_update, name="pledge_update"),
]
