"""The registrant's own page and third parties' confirmations. An e-mailed link's address
(`.../<token>/`) only exchanges its token for a cookie and redirects to the same page
without it (wagtail_convene.emailed_links); every page is served at its clean address."""

from django.urls import path, re_path

from . import views

app_name = "wagtail_convene_registration"
THIRD_PARTIES = r"(?P<purpose>authorise|guardian|accept)"
urlpatterns = [
    path("registration/link/", views.request_link, name="link"),
    path("registration/mine/", views.mine, name="mine"),
    path("registration/mine/download/", views.download, name="download"),
    path("registration/mine/erase/", views.erase, name="erase"),
    path("registration/mine/<str:token>/", views.open_mine, name="mine_link"),
    re_path(rf"^registration/{THIRD_PARTIES}/$", views.third_party, name="third_party"),
    re_path(
        rf"^registration/{THIRD_PARTIES}/(?P<token>[^/]+)/$",
        views.open_third_party,
        name="third_party_link",
    ),
]
