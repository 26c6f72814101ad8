from django.urls import path

from practice import api

app_name = "practice"

urlpatterns = [
    path("api/rounds/", api.start, name="api-start"),
    path("api/rounds/<str:round_id>/", api.state, name="api-round"),
    path("api/rounds/<str:round_id>/turn/", api.turn, name="api-turn"),
    path("api/rounds/<str:round_id>/stop/", api.stop, name="api-stop"),
    path("api/rounds/<str:round_id>/reveal/", api.reveal, name="api-reveal"),
    path("api/weekly/", api.weekly_standing, name="api-weekly"),
]
