"""`manage.py convene_reset_second_factor USERNAME`: a staff member lost their phone and
their recovery codes (or their key). Removes every second factor of the account, so that
its next sign-in, after the password, leads to enrolment. Check who is asking first: an
attacker holding the password would enrol their own phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail_convene.staff.devices import forget_all


class Command(BaseCommand):
    help = "Remove every second factor of a staff account (its next sign-in enrols anew)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no account {username!r}") from exc
        removed = forget_all(user)
        self.stdout.write(f"{removed} second factor(s) removed from {username}.")
