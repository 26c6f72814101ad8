from django.urls import path

from indicators import api

app_name = "indicators"

urlpatterns = [
    path("<str:name>/", api.indicator_data, name="api"),
]
