"""The outreach permission. Lists, contacts, templates and campaigns live in the mailer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outreach(models.Model):
    """Holds the `manage_outreach` permission; no table (the mailer keeps the data)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("manage_outreach", _("Can manage outreach lists, templates and campaigns"))]
        verbose_name = _("outreach")

    def __str__(self):
        return str(self._meta.verbose_name)


def may_manage_outreach(user) -> bool:
    return user.is_active and user.has_perm("wagtail_convene_outreach.manage_outreach")
