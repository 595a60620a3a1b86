-- Run once by the postgres image, as its superuser, when the data volume is first created.

-- The database Apicurio keeps its schemas in (as `strand stack up` does).
CREATE DATABASE strand_registry;

-- Least privilege (docs/security.md, "Least privilege in PostgreSQL"). The role `strand migrate` logs in as
-- (STRAND_DATABASE_ADMIN_URL in docker-compose.yml): not a superuser, but the owner of the database with
-- CREATEROLE, so it can create the schema's roles (strand_owner, strand_writer, strand_reader) and the schema.
-- The services log in as strand_writer; `strand migrate` sets its password (and strand_reader's) from
-- STRAND_DATABASE_URL and STRAND_DATABASE_READER_URL. Change these passwords outside development.
CREATE ROLE strand_admin LOGIN CREATEROLE PASSWORD 'strand-admin';
ALTER DATABASE strand OWNER TO strand_admin;
