"""Intake: the secretariat's queues in the Wagtail admin, read from the services."""
