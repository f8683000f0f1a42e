from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.defaults import page_not_found
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import sitemap
from cms import views as cms_views
from portal.operations import health
from research.core.accounts import ResetPasswordForm

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Wagtail's deliberate 500 for testing error reports: not on a live site.
    path("admin/failwhale/", page_not_found, {"exception": None}),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("cms.opendata.urls")),
    path("sitemap.xml", sitemap.index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemap.pages, name="sitemap"),
    path("robots.txt", cms_views.robots, name="robots"),
    path("favicon.ico", cms_views.favicon, name="favicon"),
    path("theme.css", cms_views.theme, name="theme"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="research/workspace/login.html"),
        name="login",
    ),
    # A POST from the form in every page's header (templates/base.html).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # "Forgot your password?" on the login page: Django's views, our templates; the link in the
    # e-mail is built from SITE_BASE_URL, never from the request's Host header.
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="research/workspace/password_reset_form.html",
            form_class=ResetPasswordForm,
            subject_template_name="research/accounts/password_reset_email.subject.txt",
            email_template_name="research/accounts/password_reset_email.txt",
            extra_email_context={"site_url": settings.SITE_BASE_URL},
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="research/workspace/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="research/workspace/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="research/workspace/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public site and the workspace in every language: Vietnamese at /…, English at /en/… (the
# workspace follows the language a visitor chose: /en/workspace/).
urlpatterns += i18n_patterns(
    path("", include("research.urls")),
    path("", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
