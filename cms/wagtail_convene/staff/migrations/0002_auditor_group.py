"""The auditors' group (issue 18): its members read the audit trail. It has no Django
permission of its own; the admin's screen and the services check membership and role."""

from django.db import migrations


def create_group(apps, schema_editor):
    from wagtail_convene import conf

    Group = apps.get_model("auth", "Group")  # noqa: N806 - the historical model
    Group.objects.get_or_create(name=conf.auditor_group())


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtail_convene_staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
