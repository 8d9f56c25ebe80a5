from django.urls import path

from . import views

app_name = "wagtail_convene_outreach"
urlpatterns = [
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The mailer's "never mail me again" link (services/mailer/recipients.py).
    path("mail/never/<str:token>/", views.never_mail, name="never_mail"),
]
