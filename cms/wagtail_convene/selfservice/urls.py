from django.urls import path, re_path

from . import views

app_name = "wagtail_convene_registration"
urlpatterns = [
    path("registration/link/", views.request_link, name="link"),
    path("registration/mine/<str:token>/", views.mine, name="mine"),
    path("registration/mine/<str:token>/download/", views.download, name="download"),
    path("registration/mine/<str:token>/erase/", views.erase, name="erase"),
    re_path(
        r"^registration/(?P<purpose>authorise|guardian|accept)/(?P<token>[^/]+)/$",
        views.third_party,
        name="third_party",
    ),
]
