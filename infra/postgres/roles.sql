-- One database per part, each owned by a role of its own that can connect to nothing else:
-- a part taken over (its database URL read) reaches its own data only.
-- Run by an administrator with psql, passing each role's password (infra/secrets):
--   psql -v ON_ERROR_STOP=1 -v cms_password=... -v registration_password=... \
--        -v grievance_password=... -v mailer_password=... -f infra/postgres/roles.sql
-- (infra/compose/postgres-init.sh does it on the first start of the compose database.)

CREATE ROLE convene_cms LOGIN PASSWORD :'cms_password';
CREATE ROLE convene_registration LOGIN PASSWORD :'registration_password';
CREATE ROLE convene_grievance LOGIN PASSWORD :'grievance_password';
CREATE ROLE convene_mailer LOGIN PASSWORD :'mailer_password';

CREATE DATABASE cms OWNER convene_cms;
CREATE DATABASE registration OWNER convene_registration;
CREATE DATABASE grievance OWNER convene_grievance;
CREATE DATABASE mailer OWNER convene_mailer;

-- A new database lets every role (PUBLIC) connect: only its owner may.
REVOKE ALL ON DATABASE cms, registration, grievance, mailer FROM PUBLIC;
