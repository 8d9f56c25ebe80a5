"""Convene for Wagtail: stakeholder engagement for the GCM regional reviews.

Add `wagtail_convene` and the sub-apps you need (`wagtail_convene.events`,
`wagtail_convene.intake`) to INSTALLED_APPS; settings are listed in `conf.py`.
"""
