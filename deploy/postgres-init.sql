-- Created once by the postgres image: the database Apicurio keeps its schemas in (as `strand stack up` does).
CREATE DATABASE strand_registry;
