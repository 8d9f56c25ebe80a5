"""`manage.py convene_housekeeping`: expired sessions and old sign-in records go
(wagtail_convene.staff.housekeeping; a deployment runs it daily)."""

from django.core.management.base import BaseCommand

from ...housekeeping import sweep


class Command(BaseCommand):
    help = "Delete expired sessions and sign-in records past their retention."

    def handle(self, *args, **options):
        counts = sweep()
        self.stdout.write(" ".join(f"{name}={count}" for name, count in counts.items()))
