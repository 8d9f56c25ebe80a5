"""Send every live event's registration settings to the registration service."""

from django.core.management.base import BaseCommand, CommandError

from ...actions import sync_event
from ...models import EventPage


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        # Every translation sends the same settings (titles in every language): once each.
        pages = {}
        for page in EventPage.objects.live().specific().order_by("pk"):
            pages.setdefault(page.translation_key, page)
        failed = [page.pk for page in pages.values() if not sync_event(page)]
        if failed:
            raise CommandError(f"{len(failed)} event(s) could not be sent; try again")
        self.stdout.write(f"{len(pages)} event(s) sent")
