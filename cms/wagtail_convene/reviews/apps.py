from django.apps import AppConfig


class ReviewsAppConfig(AppConfig):
    name = "wagtail_convene.reviews"
    label = "wagtail_convene_reviews"
    verbose_name = "Convene reviews"
    default_auto_field = "django.db.models.BigAutoField"
