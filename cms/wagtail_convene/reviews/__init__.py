"""Reviews: a region's review landing page, its criteria, and simple content pages."""
