"""Public newsletter pages. An e-mailed link's address (`.../<token>/`) only exchanges its
token for a cookie and redirects to the page without it (wagtail_convene.emailed_links);
the one exception is RFC 8058's one-click POST, which a mail program sends to the link
itself, without cookies."""

from django.urls import path

from . import views

app_name = "wagtail_convene_outreach"
urlpatterns = [
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/", views.confirm, name="confirm"),
    path("newsletter/confirm/<str:token>/", views.open_confirm, name="confirm_link"),
    path("newsletter/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/unsubscribe/<str:token>/", views.open_unsubscribe, name="unsubscribe_link"),
    # The mailer's "never mail me again" link (services/mailer/recipients.py).
    path("mail/never/", views.never_mail, name="never_mail"),
    path("mail/never/<str:token>/", views.open_never_mail, name="never_mail_link"),
]
