"""Taxonomy: regions, sub-regions and countries; stakeholder categories; GCM objectives."""
