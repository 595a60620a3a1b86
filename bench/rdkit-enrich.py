"""Native RDKit side of bench/rdkit-enrich.mjs: the same descriptors as @strand/chem, from the same molblocks.

Run with Debian's python3-rdkit: /usr/bin/python3 bench/rdkit-enrich.py SDF REPEAT
Prints one JSON object: versions, timing of REPEAT passes over the file, and the values of the first pass.
Debian builds RDKit without InChI, so InChI is timed separately by the caller (inchi_main from libinchi-bin).
"""
import json
import sys
import time

from rdkit import Chem, RDLogger, rdBase
from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors

RDLogger.DisableLog("rdApp.*")


def describe(block):
    mol = Chem.MolFromMolBlock(block)  # removeHs=True, sanitize=True: as @strand/chem does
    if mol is None:
        return None
    return {
        "formula": rdMolDescriptors.CalcMolFormula(mol),
        "molecularWeight": Descriptors.MolWt(mol),
        "exactMass": rdMolDescriptors.CalcExactMolWt(mol),
        "crippenLogP": Crippen.MolLogP(mol),
        "tpsa": rdMolDescriptors.CalcTPSA(mol),
        "hbondDonors": rdMolDescriptors.CalcNumHBD(mol),
        "hbondAcceptors": rdMolDescriptors.CalcNumHBA(mol),
        "rotatableBonds": rdMolDescriptors.CalcNumRotatableBonds(mol),
        "rings": rdMolDescriptors.CalcNumRings(mol),
        "canonicalSmiles": Chem.MolToSmiles(mol),
    }


def main():
    path, repeat = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read().replace("\r\n", "\n")
    blocks = [b for b in text.split("$$$$\n") if b.strip()]
    first = [describe(b) for b in blocks]  # warm-up pass, also the values compared
    start = time.perf_counter()
    for _ in range(repeat):
        for block in blocks:
            describe(block)
    seconds = time.perf_counter() - start
    json.dump(
        {
            "rdkitVersion": rdBase.rdkitVersion,
            "python": sys.version.split()[0],
            "molecules": len(blocks) * repeat,
            "seconds": seconds,
            "failures": [i for i, v in enumerate(first) if v is None],
            "values": first,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
