from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("csrf/", views.csrf_token, name="csrf"),
    path("submit/<slug:slug>/", views.SubmitCommentView.as_view(), name="submit"),
    path("post/<slug:slug>/", views.CommentPageView.as_view(), name="post"),
    path("posted/<str:token>/", views.posted, name="posted"),
]
