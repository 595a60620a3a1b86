-- PubChem compounds, normalized. Runs with search_path set to the Strand schema.

-- One row per compound: keyed by CID ('cid:2244'); a record without a CID (an SD file from
-- elsewhere) is keyed by its InChIKey ('inchikey:BSYN...'), from PubChem or else from RDKit; a
-- record with neither is dead-lettered by the sink. Property columns hold the value kept per
-- field; `provenance` says whose it is (field -> 'pubchem' | 'rdkit').
CREATE TABLE compounds (
  compound_key        text PRIMARY KEY,
  cid                 bigint,
  inchi_key           text,
  inchi               text,
  smiles              text,
  connectivity_smiles text,
  formula             text,
  molecular_weight    double precision,
  exact_mass          double precision,
  xlogp               double precision,
  tpsa                double precision,
  hbond_donors        integer,
  hbond_acceptors     integer,
  rotatable_bonds     integer,
  charge              integer,
  title               text,
  molblock            text,
  provenance          jsonb NOT NULL,
  rdkit               jsonb,
  disagreements       jsonb NOT NULL DEFAULT '[]',
  source_formats      text[] NOT NULL,
  source_uri          text NOT NULL,
  request_id          text,
  kafka_topic         text NOT NULL,
  kafka_partition     integer NOT NULL,
  kafka_offset        bigint NOT NULL,
  ingested_at         timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX compounds_cid_idx ON compounds (cid) WHERE cid IS NOT NULL;
CREATE INDEX compounds_inchi_key_idx ON compounds (inchi_key);
CREATE INDEX compounds_formula_idx ON compounds (formula);
