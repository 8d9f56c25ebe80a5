"""`/<language>/reporting/[grievance|reprisal|follow-up/]`: the address e-mails and pages
outside a review use; it leads to the review's reporting page (`?region=`), or lets the
reader choose a review. `?ref=` (a decision's reference) goes on to the grievance form."""

from django.urls import path

from . import views

app_name = "wagtail_convene_reporting"
urlpatterns = [
    path("reporting/", views.choose, name="choose"),
    # Where nginx sends a body over its limit (error_page 413): the same page as the CMS's.
    path("reporting/too-large/", views.too_large, name="too_large"),
    path("reporting/<slug:part>/", views.choose, name="choose_part"),
]
