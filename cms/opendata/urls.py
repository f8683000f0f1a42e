from django.urls import include, path

from . import oai

urlpatterns = [
    path("oai/", oai.endpoint, name="oai"),
    path("api/", include("cms.opendata.api")),
]
