from django.urls import path
from django.utils.translation import pgettext_lazy

from search import views

app_name = "search"

# Each language has its own address (/tim-kiem/, /en/search/): the catalogue translates them.
urlpatterns = [
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path(pgettext_lazy("URL", "search/suggestions/"), views.suggest, name="suggest"),
]
