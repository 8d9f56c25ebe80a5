"""Load the demo content and the first admin user, once; later runs change nothing."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from demo.home.models import HomePage
from wagtail_convene.events.models import EventPage
from wagtail_convene.intake.models import IntakeReviewer

ADMIN = "admin"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        home = self.home_page()
        self.event_page(home)
        self.admin_user()

    @transaction.atomic
    def home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home:
            return home
        root = Page.get_first_root_node()
        for page in root.get_children().exact_type(Page):
            page.delete()  # Wagtail's "Welcome" placeholder
        home = HomePage(
            title="Regional Review of the Global Compact for Migration",
            slug="home",
            intro="<p>Demo site of Convene: events, registration and intake.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": "Convene demo",
            },
        )
        self.stdout.write("demo home page created")
        return home

    def event_page(self, home: HomePage) -> None:
        if EventPage.objects.exists():
            return
        starts = (timezone.now() + timedelta(days=60)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        event = EventPage(
            title="Informal multi-stakeholder consultation (UNECE region)",
            slug="multi-stakeholder-consultation",
            region="ECE",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            timezone="Europe/Zurich",
            intro="<p>A hybrid consultation ahead of the regional review meeting.</p>",
        )
        home.add_child(instance=event)
        event.save_revision().publish()  # sends the settings to the registration service
        self.stdout.write("demo event page created and published")

    def admin_user(self) -> None:
        User = get_user_model()  # noqa: N806
        if User.objects.filter(username=ADMIN).exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(ADMIN, email="", password=password)
        IntakeReviewer.objects.create(user=user, regions="ECE")
        self.stdout.write(
            self.style.WARNING(
                f"Admin user created: {ADMIN} / {password}  "
                "(shown once; change it after signing in)"
            )
        )
