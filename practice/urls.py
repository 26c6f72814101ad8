from django.urls import path

from practice import api, pages

app_name = "practice"

urlpatterns = [
    path("", pages.trainer, name="index"),
    path("r/<str:round_id>/", pages.share, name="share"),
    path("r/<str:round_id>/qr.svg", pages.share_qr, name="share-qr"),
    path("api/rounds/", api.start, name="api-start"),
    path("api/rounds/<str:round_id>/", api.state, name="api-round"),
    path("api/rounds/<str:round_id>/turn/", api.turn, name="api-turn"),
    path("api/rounds/<str:round_id>/stop/", api.stop, name="api-stop"),
    path("api/rounds/<str:round_id>/reveal/", api.reveal, name="api-reveal"),
    path("api/weekly/", api.weekly_standing, name="api-weekly"),
]
