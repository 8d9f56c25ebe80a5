#!/bin/sh
# First start of the compose database: one role per part's database (infra/postgres/roles.sql),
# with the passwords `python -m infra.secrets` wrote (mounted as secrets).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v cms_password="$(cat /run/secrets/cms_password)" \
  -v registration_password="$(cat /run/secrets/registration_password)" \
  -v grievance_password="$(cat /run/secrets/grievance_password)" \
  -v mailer_password="$(cat /run/secrets/mailer_password)" \
  -f /etc/convene/roles.sql
