from django.urls import path

from indicators import api, views

app_name = "indicators"

urlpatterns = [
    path("api/indicators/<str:name>/", api.indicator_data, name="api"),
    path("api/indicators/<str:name>/stats/", api.indicator_stats, name="api-stats"),
    path("indicators/", views.FormulasView.as_view(), name="formulas"),
    path("indicators/lab/", views.LabView.as_view(), name="lab"),
]
