-- One database per part, all owned by the `convene` role the containers log in as.
CREATE DATABASE cms OWNER convene;
CREATE DATABASE registration OWNER convene;
CREATE DATABASE grievance OWNER convene;
CREATE DATABASE mailer OWNER convene;
