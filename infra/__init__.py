"""Local stack runner and deployment material."""
