"""Outreach: the public newsletter pages (subscribe, confirm, unsubscribe) for the mailer."""
