from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("files/<int:pk>/", views.output_file, name="output-file"),
]
