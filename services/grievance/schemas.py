"""What the grievance API accepts and returns; the report schemas come with intake."""
