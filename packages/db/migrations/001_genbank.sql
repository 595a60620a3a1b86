-- GenBank records, normalized. Runs with search_path set to the Strand schema.

-- One row per record (accession without version); a newer version replaces the older one.
CREATE TABLE sequences (
  accession          text PRIMARY KEY,
  version            text,
  version_number     integer,
  locus_name         text NOT NULL,
  length             bigint NOT NULL,
  units              text NOT NULL,
  molecule_type      text,
  topology           text,
  division           text,
  locus_date         text,
  definition         text,
  accessions         text[] NOT NULL,
  keywords           text[] NOT NULL,
  dblink             jsonb NOT NULL,
  segment            text,
  dbsource           text,
  source             text,
  organism           text,
  comment            text,
  structured_comments jsonb NOT NULL,
  contig             text,
  sequence           text NOT NULL,
  sequence_length    bigint NOT NULL,
  sequence_sha256    char(64) NOT NULL,
  gc_content         double precision,
  record_sha256      char(64) NOT NULL,
  source_uri         text NOT NULL,
  source_byte_offset bigint NOT NULL,
  source_first_line  bigint NOT NULL,
  kafka_topic        text NOT NULL,
  kafka_partition    integer NOT NULL,
  kafka_offset       bigint NOT NULL,
  ingested_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sequences_organism_idx ON sequences (organism);
CREATE INDEX sequences_version_idx ON sequences (version);
CREATE INDEX sequences_accessions_idx ON sequences USING gin (accessions);

-- Features in file order; location kept as written plus its parsed parts.
CREATE TABLE features (
  accession          text NOT NULL REFERENCES sequences (accession) ON DELETE CASCADE,
  ordinal            integer NOT NULL,
  type               text NOT NULL,
  location           text NOT NULL,
  location_operator  text NOT NULL,
  location_parts     jsonb NOT NULL,
  start_pos          bigint NOT NULL,
  end_pos            bigint NOT NULL,
  strand             smallint NOT NULL,
  qualifiers         jsonb NOT NULL,
  PRIMARY KEY (accession, ordinal)
);
CREATE INDEX features_type_idx ON features (type);
CREATE INDEX features_qualifiers_idx ON features USING gin (qualifiers jsonb_path_ops);

CREATE TABLE sequence_references (
  accession          text NOT NULL REFERENCES sequences (accession) ON DELETE CASCADE,
  number             integer NOT NULL,
  bases              text,
  authors            text,
  consortium         text,
  title              text,
  journal            text,
  pubmed             text,
  medline            text,
  remark             text,
  PRIMARY KEY (accession, number)
);
CREATE INDEX sequence_references_pubmed_idx ON sequence_references (pubmed);

-- Taxonomic lineage per organism name, as the records give it (kingdom first).
CREATE TABLE taxonomy_lineages (
  organism           text PRIMARY KEY,
  lineage            text[] NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
