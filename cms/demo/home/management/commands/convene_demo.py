"""Load the demo content and the first admin user, once; later runs change nothing."""

import os
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from demo.home.demo_content import build_site
from demo.home.models import HomePage
from wagtail_convene.intake.models import IntakeReviewer
from wagtail_convene.reviews.models import RegionalReviewPage

ADMIN = "admin"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        home = self.home_page()
        if not RegionalReviewPage.objects.exists():
            # All or nothing: a failed run leaves no half-built draft whose slug would
            # block the next one.
            with transaction.atomic():
                build_site(home)
            self.stdout.write("demo reviews, events and submissions created and published")
        self.admin_user()
        self.newsletter_list()

    def newsletter_list(self) -> None:
        from wagtail_convene import conf
        from wagtail_convene.clients.mailer import MailerClient

        name = "Regional review updates"
        names = {}
        for code, _language in settings.LANGUAGES[1:]:
            with translation.override(code):
                names[code] = translation.gettext(name)
        with MailerClient.from_settings() as mailer:
            mailer.put_list(conf.newsletter_list(), name, names=names)

    @transaction.atomic
    def home_page(self) -> HomePage:
        home = HomePage.objects.filter(locale__language_code="en").first()
        if home:
            return home
        root = Page.get_first_root_node()
        for page in root.get_children().exact_type(Page):
            page.delete()  # Wagtail's "Welcome" placeholder
        home = HomePage(
            title="Regional reviews of the Global Compact for Migration",
            slug="home",
            intro="<p>Demo site of Convene: reviews, events, registration, "
            "submissions and intake.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        url = urlsplit(os.environ.get("CONVENE_CMS_URL", "http://127.0.0.1:8000"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": url.hostname,
                "port": url.port or 80,
                "root_page": home,
                "site_name": "Convene demo",
            },
        )
        self.stdout.write("demo home page created")
        return home

    def admin_user(self) -> None:
        User = get_user_model()  # noqa: N806
        if User.objects.filter(username=ADMIN).exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(ADMIN, email="", password=password)
        IntakeReviewer.objects.create(user=user, regions="ECE,ECA")
        self.stdout.write(
            self.style.WARNING(
                f"Admin user created: {ADMIN} / {password}  "
                "(shown once; change it after signing in)"
            )
        )
        self.reprisal_desk(user)

    def reprisal_desk(self, user) -> None:
        """The admin joins the reprisal desk and creates its key under a passphrase."""
        from django.contrib.auth.models import Group

        from wagtail_convene import conf
        from wagtail_convene.clients import GrievanceClient, ServiceError

        group, _created = Group.objects.get_or_create(name=conf.reprisal_desk_group())
        user.groups.add(group)
        passphrase = secrets.token_urlsafe(15)
        try:
            with GrievanceClient.from_settings() as client:
                client.staff(
                    "POST",
                    "/desk",
                    user,
                    ["ECE", "ECA"],
                    "reprisal_desk",
                    json={"passphrase": passphrase},
                )
        except ServiceError as exc:
            self.stdout.write(self.style.WARNING(f"Reprisal desk not created: {exc}"))
            return
        self.stdout.write(
            self.style.WARNING(f"Reprisal desk passphrase for {ADMIN}: {passphrase}  (shown once)")
        )
