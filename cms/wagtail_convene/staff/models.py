"""What the password-reset limit counts: one row per request, for a day at most."""

from django.db import models


class ResetRequest(models.Model):
    """A password-reset request, counted against the e-mail address typed (`account`,
    whether or not an account has it, so the limit tells nobody which addresses exist) and
    against the client's address (`address`). Both are kept as keyed hashes, never in
    clear, and rows older than a day are deleted on the next request."""

    ACCOUNT = "account"
    ADDRESS = "address"

    kind = models.CharField(max_length=8, choices=[(ACCOUNT, ACCOUNT), (ADDRESS, ADDRESS)])
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "created_at"])]

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
