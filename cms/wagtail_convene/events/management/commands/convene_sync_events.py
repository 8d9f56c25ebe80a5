"""Send every live event's registration settings to the registration service."""

from django.core.management.base import BaseCommand, CommandError

from ...actions import sync_event
from ...models import EventPage


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        pages = EventPage.objects.live().specific()
        failed = [page.pk for page in pages if not sync_event(page)]
        if failed:
            raise CommandError(f"{len(failed)} event(s) could not be sent; try again")
        self.stdout.write(f"{pages.count()} event(s) sent")
