import { describe, expect, it } from 'vitest';
import { loadRdkit } from '../src/index.js';

describe('loadRdkit', () => {
  it('loads RDKit MinimalLib 2026.09 once and shares it', async () => {
    const [a, b] = await Promise.all([loadRdkit(), loadRdkit()]);
    expect(a).toBe(b);
    expect(a).toBe(await loadRdkit());
    expect(a.version()).toMatch(/^2026\.09/);
  });

  it('has InChI support compiled in', async () => {
    const rdkit = await loadRdkit();
    const mol = rdkit.get_mol('CCO');
    try {
      expect(mol?.get_inchi()).toBe('InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3');
    } finally {
      mol?.delete();
    }
    expect(rdkit.get_inchikey_for_inchi('InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3')).toBe('LFQSCWFLJHTTHZ-UHFFFAOYSA-N');
  });
});
