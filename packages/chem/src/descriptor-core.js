// Plain JavaScript on purpose: this file runs in the main thread and in DescriptorPool's worker
// threads, and a worker thread can only load JavaScript, whether or not the package is built.

/**
 * @typedef {import('./rdkit-descriptors.js').RDKitModule} RDKitModule
 * @typedef {import('./rdkit-descriptors.js').RdkitDescriptors} RdkitDescriptors
 * @typedef {import('./rdkit-descriptors.js').StructureInput} StructureInput
 * @typedef {{ ok: true, descriptors: RdkitDescriptors } | { ok: false, code: 'RDKIT_UNPARSEABLE' | 'RDKIT_NO_STRUCTURE', reason: string }} DescribeResult
 */

/** Parse options: drop explicit hydrogens as RDKit's Python MolFromMolBlock does by default. */
const PARSE_DETAILS = JSON.stringify({ removeHs: true });

/** One log capture per module, so a parse failure can say why RDKit refused the structure. */
/** @type {WeakMap<RDKitModule, import('@rdkit/rdkit').Log | null>} */
const logCaptures = new WeakMap();

/** @param {RDKitModule} rdkit */
function logCapture(rdkit) {
  if (!logCaptures.has(rdkit)) logCaptures.set(rdkit, rdkit.set_log_capture('rdApp.error'));
  return logCaptures.get(rdkit) ?? null;
}

/**
 * Computes RDKit descriptors for one structure. Never throws for a bad structure: returns
 * {ok:false, code, reason}. The RDKit Mol lives in WebAssembly memory and is always deleted.
 * @param {RDKitModule} rdkit
 * @param {StructureInput} input
 * @returns {DescribeResult}
 */
export function describeStructure(rdkit, input) {
  const text = input.molblock || input.smiles;
  if (!text) return { ok: false, code: 'RDKIT_NO_STRUCTURE', reason: 'no molblock or SMILES given' };
  const log = logCapture(rdkit);
  log?.clear_buffer();
  const mol = rdkit.get_mol(text, PARSE_DETAILS);
  try {
    if (mol === null || !mol.is_valid()) {
      const reason = (log?.get_buffer() ?? '').replace(/\[\d\d:\d\d:\d\d\]\s*/g, '').trim().split('\n')[0];
      const kind = input.molblock ? 'molblock' : `SMILES ${JSON.stringify(text)}`;
      return { ok: false, code: 'RDKIT_UNPARSEABLE', reason: `RDKit cannot parse the ${kind}${reason ? `: ${reason}` : ''}` };
    }
    const d = JSON.parse(mol.get_descriptors());
    const inchi = mol.get_inchi() || null;
    return {
      ok: true,
      descriptors: {
        formula: molFormula(JSON.parse(mol.get_json())),
        molecularWeight: d.amw,
        exactMass: d.exactmw,
        crippenLogP: d.CrippenClogP,
        tpsa: d.tpsa,
        hbondDonors: d.NumHBD,
        hbondAcceptors: d.NumHBA,
        rotatableBonds: d.NumRotatableBonds,
        rings: d.NumRings,
        inchi,
        inchiKey: inchi === null ? null : rdkit.get_inchikey_for_inchi(inchi) || null,
        canonicalSmiles: mol.get_smiles(),
      },
    };
  } finally {
    mol?.delete();
  }
}

/** Atomic number -> symbol for the formula (index 0 is RDKit's dummy atom `*`). */
const SYMBOLS = (
  '* H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu ' +
  'Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr ' +
  'Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

/**
 * Molecular formula as RDKit's CalcMolFormula writes it: C, then H, then the other elements in
 * alphabetical order (RDKit keeps H second even without carbon: HCl, H2O), isotopes counted as their element, then the net charge (`+`, `-2`).
 * Read from MinimalLib's JSON because get_descriptors() has no formula.
 * @param {{ defaults?: { atom?: { z?: number, impHs?: number, chg?: number } }, molecules?: { atoms?: { z?: number, impHs?: number, chg?: number }[] }[] }} json
 * @returns {string}
 */
export function molFormula(json) {
  const defaults = { z: 6, impHs: 0, chg: 0, ...(json.defaults?.atom ?? {}) };
  /** @type {Map<string, number>} */
  const counts = new Map();
  let charge = 0;
  const add = (/** @type {string} */ symbol, /** @type {number} */ n) => counts.set(symbol, (counts.get(symbol) ?? 0) + n);
  for (const molecule of json.molecules ?? []) {
    for (const atom of molecule.atoms ?? []) {
      const z = atom.z ?? defaults.z;
      add(SYMBOLS[z] ?? `#${z}`, 1);
      const hydrogens = atom.impHs ?? defaults.impHs;
      if (hydrogens > 0) add('H', hydrogens);
      charge += atom.chg ?? defaults.chg;
    }
  }
  const first = ['C', 'H'].filter((s) => counts.has(s));
  const order = [...first, ...[...counts.keys()].filter((s) => s !== 'C' && s !== 'H').sort()];
  const body = order.map((s) => `${s}${counts.get(s) === 1 ? '' : counts.get(s)}`).join('');
  const sign = charge > 0 ? '+' : charge < 0 ? '-' : '';
  return `${body}${sign}${Math.abs(charge) > 1 ? Math.abs(charge) : ''}`;
}
