"""Registrants' own pages (no account: the e-mailed link is the credential) and the pages
where focal points, guardians and nominees confirm."""
