"""The outreach screens of the Wagtail admin: lists and imports, templates, campaigns."""
