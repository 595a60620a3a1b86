#!/usr/bin/env python3
"""Dump every record of a GenBank file, as Biopython's SeqIO parses it, as one JSON object per line.

Run by packages/genbank/scripts/biopython-golden.mjs (`npm run golden:biopython`), which writes these
records as the goldens in packages/genbank/test/golden/biopython/ that parse-stream.test.ts compares
@strand/genbank with, record by record. `--version` prints Bio.__version__. Run with Debian's
interpreter (/usr/bin/python3, package python3-biopython). Gzip is detected by its magic bytes, like
the package's file opener does.
"""
import gzip
import json
import sys
import warnings

try:
    from Bio import SeqIO
    from Bio.Seq import UndefinedSequenceError
    import Bio
except ImportError as e:  # pragma: no cover - reported by the test
    sys.stderr.write(f"BIOPYTHON_MISSING: {e}\n")
    sys.exit(3)


def open_text(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt")
    return open(path, "r")


def position(p):
    return None if p is None else int(p)


def location(loc):
    if loc is None:
        return None
    return {
        "operator": getattr(loc, "operator", None),
        "parts": [
            {
                "start": position(part.start),
                "end": position(part.end),
                "strand": part.strand,
                "ref": part.ref,
                "startType": type(part.start).__name__,
                "endType": type(part.end).__name__,
            }
            for part in loc.parts
        ],
    }


def sequence(record):
    try:
        return str(record.seq)
    except UndefinedSequenceError:
        return None


def dump(record):
    a = record.annotations
    return {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "accessions": a.get("accessions", []),
        "sequence_version": a.get("sequence_version"),
        "molecule_type": a.get("molecule_type"),
        "topology": a.get("topology"),
        "division": a.get("data_file_division"),
        "date": a.get("date"),
        "keywords": a.get("keywords", []),
        "source": a.get("source"),
        "organism": a.get("organism"),
        "taxonomy": a.get("taxonomy", []),
        "dbxrefs": record.dbxrefs,
        "comment": a.get("comment"),
        "structured_comment": {k: dict(v) for k, v in a.get("structured_comment", {}).items()},
        "contig": a.get("contig"),
        "references": [
            {
                "authors": r.authors,
                "consrtm": r.consrtm,
                "title": r.title,
                "journal": r.journal,
                "pubmed": r.pubmed_id,
                "medline": r.medline_id,
                "remark": r.comment,
            }
            for r in a.get("references", [])
        ],
        "sequence": sequence(record),
        "features": [
            {
                "type": f.type,
                "location": location(f.location),
                "qualifiers": {k: list(v) for k, v in f.qualifiers.items()},
            }
            for f in record.features
        ],
    }


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--version":
        print(Bio.__version__)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with open_text(sys.argv[1]) as handle:
            for record in SeqIO.parse(handle, "genbank"):
                sys.stdout.write(json.dumps(dump(record)) + "\n")


if __name__ == "__main__":
    main()
