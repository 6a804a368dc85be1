// ovnParseModelMs: parse + model of an OVN snapshot of a scaled lab (≥ 100 logical switches,
// ≥ 500 ACLs), made by test/fixtures/ovn/make-ovn-db.sh in a private NB/SB database (real
// ovn-nbctl/ovn-sbctl JSON output, nothing committed). Run alone: `npx tsx test/bench/ovn-bench.ts`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTopology } from '../../src/core/model/build';
import { splitSections } from '../../src/core/snapshot/parse';
import { assembleSnapshot, TEST_NONCE } from '../unit/snapshot/assemble';
import { type Median, medianOf } from './median';

export const OVN_SCALE = { switches: 100, acls: 500 } as const;

export interface OvnBench {
  readonly ovnParseModelMs: number;
  readonly ovnLab: { readonly switches: number; readonly ports: number; readonly acls: number };
}

export async function benchOvn(median: Median): Promise<OvnBench> {
  const dir = mkdtempSync(join(tmpdir(), 'ovn-bench-'));
  try {
    console.log(`ovnParseModelMs: parse + model of an OVN snapshot (${OVN_SCALE.switches} switches, ${OVN_SCALE.acls} ACLs, real OVN JSON)`);
    execFileSync('sh', [join(__dirname, '..', 'fixtures', 'ovn', 'make-ovn-db.sh'), 'scale', dir, String(OVN_SCALE.switches), String(OVN_SCALE.acls)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const output = assembleSnapshot([
      ['hostname', 'devstack'],
      ['procs', 'ovn-controller\novn-northd\n'],
      ['ovn.detect', 'process ovn-controller'],
      ['ovn.where', 'nb=unix:/run/ovn/ovnnb_db.sock\nnb.from=socket\nsb=unix:/run/ovn/ovnsb_db.sock\nsb.from=socket'],
      ['ovn.nb', readFileSync(join(dir, 'nb-batch.json'), 'utf8')],
      ['ovn.sb', readFileSync(join(dir, 'sb-batch.json'), 'utf8')],
    ]);
    const build = () => buildTopology(splitSections(output, TEST_NONCE), { target: 'bench', takenAt: 0 });
    const topo = build();
    const ovn = topo.ovn;
    const ovnErrors = topo.errors.filter((e) => e.section.startsWith('ovn'));
    if (!ovn || ovnErrors.length > 0) throw new Error(`the scaled OVN snapshot did not build: ${JSON.stringify(ovnErrors)}`);
    const ovnLab = {
      switches: ovn.switches.length,
      ports: ovn.switches.reduce((n, s) => n + s.ports.length, 0),
      acls: ovn.portGroups.reduce((n, g) => n + g.acls.length, 0),
    };
    if (ovnLab.switches < OVN_SCALE.switches || ovnLab.acls < OVN_SCALE.acls) throw new Error(`scaled OVN lab too small: ${JSON.stringify(ovnLab)}`);
    const ovnParseModelMs = await median('ovn parse+model', build, 10);
    return { ovnParseModelMs, ovnLab };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const median = medianOf(10);
  benchOvn(median).then(
    (r) => console.log(JSON.stringify(r), r.ovnParseModelMs <= 100 ? '(target ≤ 100 ms: met)' : '(target ≤ 100 ms: NOT met)'),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
