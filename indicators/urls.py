from django.urls import path

from indicators import api, views

app_name = "indicators"

urlpatterns = [
    path("api/indicators/<str:name>/", api.indicator_data, name="api"),
    path("indicators/", views.FormulasView.as_view(), name="formulas"),
]
