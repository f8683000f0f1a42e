from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("files/<path:name>", views.private_file, name="private-file"),
]
