"""Grievance's domain operations; intake and triage come with the reprisal channel."""

TOPICS: dict = {}
