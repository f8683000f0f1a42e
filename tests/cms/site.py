"""Building the public site in tests: index pages, published and draft pages."""

from types import SimpleNamespace

from django.urls import reverse
from wagtail.models import Locale

from cms.demo import child
from cms.models import HomePage, LibraryIndexPage, NewsIndexPage, PeopleIndexPage, ResearchIndexPage


def build_site():
    home = HomePage.objects.get(locale=Locale.get_default())
    return SimpleNamespace(
        home=home,
        research=child(
            home, ResearchIndexPage, title="Đề tài nghiên cứu", slug="de-tai", show_in_menus=True
        ),
        library=child(
            home, LibraryIndexPage, title="Thư viện điện tử", slug="thu-vien", show_in_menus=True
        ),
        people=child(
            home, PeopleIndexPage, title="Giảng viên", slug="giang-vien", show_in_menus=True
        ),
        news=child(home, NewsIndexPage, title="Tin tức", slug="tin-tuc", show_in_menus=True),
    )


def publish(parent, page_model, **fields):
    page = auto_made(page_model, fields)
    if page is None:
        page = page_model(**fields)
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page_model.objects.get(pk=page.pk)


def auto_made(page_model, fields):
    """The page cms.publishing already made for the record in `fields`, given those fields."""
    for name, value in fields.items():
        field = page_model._meta.get_field(name)
        if field.is_relation and field.related_model._meta.app_label == "research":
            page = page_model.objects.filter(**{name: value}, locale=Locale.get_default()).first()
            if page is not None:
                for key, item in fields.items():
                    setattr(page, key, item)
                return page
    return None


def draft(parent, page_model, **fields):
    page = page_model(live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision()
    return page


def create_in_admin(client, parent, page_model, data):
    """Create a page through the admin's form as the logged-in user; the new page (Wagtail's
    own assertCanCreate takes the newest page, which is now the page's English alias)."""
    meta = page_model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return page_model.objects.child_of(parent).latest("pk")
