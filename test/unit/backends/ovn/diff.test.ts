// The OVN kinds of the snapshot diff on real OVN databases: the private OVN 23.03 capture
// (test/fixtures/ovn/real) and a real Neutron 21 node (test/fixtures/neutron-ovn). The "after" side is the
// same JSON with the edits Neutron makes (a security group rule deleted, a floating IP or subnet router
// interface added, a port re-addressed or unbound), so the diff must list exactly those edits.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendDiffers } from '../../../../src/core/backends';
import { OVN_DIFFERS } from '../../../../src/core/backends/ovn/diff';
import { diffCounts, diffTopologies, type TopologyDiff } from '../../../../src/core/diff';
import { diffDocument } from '../../../../src/core/diff/document';
import type { Topology } from '../../../../src/core/model/types';
import { createSnapshotFile, serialiseSnapshot } from '../../../../src/core/snapshot-file/save';
import { assembleSnapshot, TEST_NONCE } from '../../snapshot/assemble';
import { topologyOf } from '../../view/lab-snapshot';
import { NB_TABLES, type NbTable, type SbTable } from '../../../../src/core/backends/ovn/parse/tables';
import { IDS, neutronNb, neutronSb, neutronSections, neutronTopology, ovnTopology, realNb } from './fixtures';

type Row = unknown[];
type Uuid = ['uuid', string];

/** One table as `ovn-nbctl --format=json list` prints it, rows edited by `edit`, printed the same way. */
function editTable(text: string, edit: (rows: Row[], col: (name: string) => number) => Row[]): string {
  const table = JSON.parse(text) as { data: Row[]; headings: string[] };
  const col = (name: string) => {
    const i = table.headings.indexOf(name);
    if (i < 0) throw new Error(`no column ${name} in ${table.headings.join(',')}`);
    return i;
  };
  return JSON.stringify({ data: edit(table.data, col), headings: table.headings }) + '\n';
}

const uuidOf = (row: Row) => (row[0] as Uuid)[1];
/** OVSDB JSON prints a one-element set as the element itself. */
const members = (set: unknown): Uuid[] => ((set as unknown[])[0] === 'set' ? ((set as ['set', Uuid[]])[1]) : [set as Uuid]);
const withRef = (set: unknown, uuid: string) => ['set', [...members(set), ['uuid', uuid]]];
const withoutRef = (set: unknown, uuid: string) => ['set', members(set).filter((m) => m[1] !== uuid)];

/** `ovn-nbctl acl-del`: the ACL row goes, and with it the port group's reference. */
function deleteAcl(nb: Record<string, string>, match: RegExp): string {
  let gone = '';
  nb.ACL = editTable(nb.ACL, (rows, col) => {
    const hit = rows.filter((r) => match.test(r[col('match')] as string));
    assert.equal(hit.length, 1, `one ACL matches ${match}`);
    gone = uuidOf(hit[0]!);
    return rows.filter((r) => r !== hit[0]);
  });
  nb.Port_Group = editTable(nb.Port_Group, (rows, col) => rows.map((r) => r.map((v, i) => (i === col('acls') ? withoutRef(v, gone) : v))));
  return gone;
}

/** `ovn-nbctl lr-nat-add`: a copy of an existing row of the router with new values, referenced by the router. */
function addNat(nb: Record<string, string>, like: (row: Row, col: (name: string) => number) => boolean, values: Record<string, unknown>): void {
  const uuid = '0b5e1a7c-3d2f-4e8a-9c61-7f2d4b8e9a10';
  let sibling = '';
  nb.NAT = editTable(nb.NAT, (rows, col) => {
    const model = rows.find((r) => like(r, col))!;
    const row = [...model];
    row[0] = ['uuid', uuid];
    for (const [name, v] of Object.entries(values)) row[col(name)] = v;
    sibling = uuidOf(model);
    return [...rows, row];
  });
  nb.Logical_Router = editTable(nb.Logical_Router, (rows, col) =>
    rows.map((r) => (members(r[col('nat')]).some((m) => m[1] === sibling) ? r.map((v, i) => (i === col('nat') ? withRef(v, uuid) : v)) : r)),
  );
}

/** Replace a value of one row (found by a column's value). */
function setColumn(text: string, by: [string, string], column: string, value: unknown): string {
  let hits = 0;
  const out = editTable(text, (rows, col) =>
    rows.map((r) => {
      if (r[col(by[0])] !== by[1]) return r;
      hits++;
      return r.map((v, i) => (i === col(column) ? value : v));
    }),
  );
  assert.equal(hits, 1, `one row has ${by[0]} = ${by[1]}`);
  return out;
}

/** The snapshot's ovn.nb section: the tables one after another, as the single ovn-nbctl run prints them. */
const nbText = (nb: Record<string, string>) => NB_TABLES.map((t) => nb[t]).join('');

const VM2 = 'e39509f9-664b-463c-9e1d-032bfc098b94';

/** The Neutron node after: tcp/22 rule deleted, a floating IP for vm2, vm2 stopped. */
function neutronAfter(): { nb: Record<NbTable, string>; sb: Record<SbTable, string> } {
  const nb = neutronNb();
  deleteAcl(nb, /tcp\.dst == 22$/);
  // Made like vm1's floating IP (distributed: external_mac and logical_port set).
  addNat(nb, (r, col) => r[col('type')] === 'dnat_and_snat', {
    external_ip: '172.24.4.77',
    logical_ip: '10.0.0.109',
    logical_port: VM2,
    external_mac: 'fa:16:3e:11:22:33',
    external_ids: ['map', []],
  });
  const sb = neutronSb();
  // vm2 stopped: ovn-controller releases its Port_Binding.
  sb.Port_Binding = setColumn(sb.Port_Binding, ['logical_port', VM2], 'chassis', ['set', []]);
  return { nb, sb };
}

const lines = (d: TopologyDiff) => [
  ...d.added.map((r) => `+ ${r.kind} ${r.name}`),
  ...d.removed.map((r) => `- ${r.kind} ${r.name}`),
  ...d.changed.map((r) => `~ ${r.kind} ${r.name}: ${r.fields.join(', ')}`),
];

describe('diff: OVN kinds on real OVN databases', () => {
  describe('the private OVN 23.03 capture', () => {
    let a: Topology;
    let b: Topology;
    before(() => {
      a = ovnTopology();
      const nb: Record<string, string> = realNb();
      deleteAcl(nb, /tcp\.dst == 22$/);
      // A second subnet on the router: its snat row shares the gateway address.
      addNat(nb, (r, col) => r[col('type')] === 'snat', { logical_ip: '10.0.0.64/26' });
      // The instance got a second fixed IP.
      nb.Logical_Switch_Port = setColumn(nb.Logical_Switch_Port, ['name', IDS.vm], 'addresses', 'fa:16:3e:05:cd:92 10.0.0.38 10.0.0.39');
      b = ovnTopology({ 'ovn.nb': nbText(nb) });
    });

    it('lists exactly the removed tcp/22 ACL, the added snat row and the re-addressed port', () => {
      const vm = a.ovn!.switches.flatMap((s) => s.ports).find((p) => p.name === IDS.vm)!;
      assert.deepEqual(vm.addresses, ['fa:16:3e:05:cd:92 10.0.0.38'], 'the edit changes the real MAC/IP line');
      assert.deepEqual(lines(diffTopologies(a, b)), [
        '+ ovn-nat snat 172.24.4.191 ↔ 10.0.0.64/26',
        '- ovn-acl pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6: to-lport 1002 outport == @pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6 && ip4 && ip4.src == 0.0.0.0/0 && tcp && tcp.dst == 22',
        `~ ovn-port vm1-port (${IDS.vm}): addresses`,
      ]);
    });

    it('is empty between a topology and itself, and symmetric', () => {
      assert.deepEqual(diffTopologies(a, ovnTopology()), { added: [], removed: [], changed: [] });
      const back = diffTopologies(b, a);
      assert.deepEqual([back.added.map((r) => r.kind), back.removed.map((r) => r.kind), back.changed.map((r) => r.kind)], [['ovn-acl'], ['ovn-nat'], ['ovn-port']]);
    });

    it('removing a port group folds its ACLs into it; a changed action is a changed ACL', () => {
      const nb: Record<string, string> = realNb();
      nb.ACL = setColumn(nb.ACL, ['match', 'outport == @neutron_pg_drop && ip'], 'action', 'reject');
      nb.Port_Group = editTable(nb.Port_Group, (rows, col) => rows.filter((r) => r[col('name')] !== 'pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6'));
      const d = diffTopologies(a, ovnTopology({ 'ovn.nb': nbText(nb) }));
      assert.deepEqual(lines(d), [
        '- ovn-port-group pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6',
        // The member port loses the group (the model reads Port_Group.ports); kinds come in report order.
        `~ ovn-port vm1-port (${IDS.vm}): port groups`,
        '~ ovn-acl neutron_pg_drop: to-lport 1001 outport == @neutron_pg_drop && ip: action',
      ]);
    });
  });

  describe('a real Neutron 21 node', () => {
    let a: Topology;
    let b: Topology;
    before(() => {
      a = neutronTopology();
      const edited = neutronAfter();
      b = neutronTopology(edited.nb, edited.sb);
    });

    it('lists exactly the removed tcp/22 ACL, the added floating IP NAT row and the unbound port', () => {
      const d = diffTopologies(a, b);
      const pg = a.ovn!.portGroups.find((g) => g.acls.some((a) => a.match.endsWith('tcp.dst == 22')))!.name;
      const port = a.ovn!.switches.flatMap((s) => s.ports).find((p) => p.name === VM2)!;
      assert.ok(port.chassis, 'vm2 is bound in the capture');
      assert.deepEqual(lines(d), [
        '+ ovn-nat dnat_and_snat 172.24.4.77 ↔ 10.0.0.109',
        `- ovn-acl ${pg}: to-lport 1002 outport == @${pg} && ip4 && ip4.src == 0.0.0.0/0 && tcp && tcp.dst == 22`,
        `~ ovn-port ${port.portName ? `${port.portName} (${VM2})` : VM2}: chassis`,
      ]);
      assert.deepEqual(diffCounts(d)['ovn-nat'], { added: 1, removed: 0, changed: 0 });
    });

    it('is empty between a topology and itself, and the OVN kinds have items to compare', () => {
      assert.deepEqual(diffTopologies(a, neutronTopology()), { added: [], removed: [], changed: [] });
      for (const differ of OVN_DIFFERS) assert.ok([...differ.items(a)].length > 0, `${differ.kind} has items`);
    });

    it('the diff document names the OVN kinds and counts them', () => {
      const side = (alias: string) => ({ alias, label: alias });
      const doc = diffDocument(diffTopologies(a, b), side('a'), side('b'), { counters: false });
      const text = doc.text.split('\n');
      assert.ok(text.includes('  OVN port       +0  -0  ~1'), doc.text);
      assert.ok(text.includes('  OVN NAT        +1  -0  ~0'), doc.text);
      assert.ok(text.includes('  OVN ACL        +0  -1  ~0'), doc.text);
      assert.ok(text.includes('+ OVN NAT        dnat_and_snat 172.24.4.77 ↔ 10.0.0.109'), doc.text);
      // Nothing to reveal in the tree for logical things: no links.
      assert.deepEqual(doc.links, []);
      assert.ok(!/ +$/m.test(doc.text), 'no trailing blanks where there is no link');
      // A longer kind word widens the column for every line.
      const wide = diffDocument(
        { added: [{ kind: 'ovn-router-port', name: 'lrp-x', namespace: null }], removed: [], changed: [{ kind: 'ovn-acl', name: 'pg: y', namespace: null, fields: ['action'] }] },
        side('a'), side('b'), { counters: false },
      ).text.split('\n');
      assert.ok(wide.includes('  OVN router port +1  -0  ~0') && wide.includes('  OVN ACL         +0  -0  ~1') && wide.includes('~ OVN ACL         pg: y: action'), wide.join('\n'));
    });

    it('devstack-net diff --json prints the OVN kinds from two snapshot files', function () {
      this.timeout(60_000);
      const dir = mkdtempSync(join(tmpdir(), 'dsn-ovn-diff-'));
      try {
        const save = (name: string, sections: [string, string][], topology: Topology) => {
          const path = join(dir, `${name}.devstack-net.json`);
          const raw = { nonce: TEST_NONCE, stdout: assembleSnapshot(sections), stderr: '', exitCode: 0 };
          writeFileSync(path, serialiseSnapshot(createSnapshotFile({ alias: 'devstack', target: 'stack@devstack', sudo: true, productVersion: '0.0.0', raw, topology, reads: [] })));
          return path;
        };
        const x = save('before', neutronSections(), a);
        const edited = neutronAfter();
        const y = save('after', neutronSections(edited.nb, edited.sb), b);
        const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'diff', x, y, '--json'], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const d = JSON.parse(r.stdout) as TopologyDiff;
        assert.deepEqual(lines(d), lines(diffTopologies(a, b)));
        assert.deepEqual(new Set([...d.added, ...d.removed, ...d.changed].map((x) => x.kind)), new Set(['ovn-nat', 'ovn-acl', 'ovn-port']));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('hybrid topologies (no OVN) diff as before: no back-end differs, no OVN kinds', async () => {
    const snap = join(__dirname, '..', '..', '..', 'fixtures');
    const one = await topologyOf(readFileSync(join(snap, 'lab', 'snapshot-default.txt'), 'utf8'));
    const two = await topologyOf(readFileSync(join(snap, 'snapshot', 'snapshot-two-fips.txt'), 'utf8'));
    assert.equal(one.ovn ?? null, null);
    assert.deepEqual(backendDiffers(one, two), []);
    assert.deepEqual(backendDiffers(one, ovnTopology()), [], 'only when both sides have OVN');
    const d = diffTopologies(one, two);
    assert.ok(d.added.length > 0);
    assert.deepEqual([...d.added, ...d.removed, ...d.changed].filter((r) => r.kind.startsWith('ovn-')), []);
    assert.deepEqual(backendDiffers(ovnTopology(), neutronTopology()), OVN_DIFFERS);
  });
});
