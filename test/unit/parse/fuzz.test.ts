// Fuzz smoke test: mutated real captures must give a result or a ParseError, never anything else.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBrctlShow, parseBridgeLink } from '../../../src/core/parse/bridge';
import { parseDnsmasqPs } from '../../../src/core/parse/dnsmasq';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIpJson, parseIpText, parseNetnsListId } from '../../../src/core/parse/ip';
import { parseIptablesAuto, parseIptablesList, parseIptablesSave } from '../../../src/core/parse/iptables';
import { parseNetnsList } from '../../../src/core/parse/netns';
import { parseOvsJson, parseOvsShow } from '../../../src/core/parse/ovs';
import { parseIpRoute, parseIpRouteJson, parseIpRule } from '../../../src/core/parse/route';
import { parseAcls } from '../../../src/core/backends/ovn/parse/acl';
import { parseNats } from '../../../src/core/backends/ovn/parse/nat';
import { parseNbShow } from '../../../src/core/backends/ovn/parse/nb-show';
import { parseSbShow } from '../../../src/core/backends/ovn/parse/sb-show';
import { parseNbTables, parseSbTables } from '../../../src/core/backends/ovn/parse/tables';
import { parseTrace } from '../../../src/core/backends/ovn/parse/trace';
import { captureFiles, loadCapture } from '../helpers/captures';
import { real } from '../backends/ovn/fixtures';
import { parseDumpFlows } from '../../../src/core/openflow/flows';
import { parseOfprotoTrace } from '../../../src/core/openflow/trace';
import { loadOpenflow } from '../openflow/fixtures';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');
const labFile = (name: string) => readFileSync(join(LAB, name), 'utf8');
/** Real ovn-trace answers of the OVN lab's probe run (request, reply with --ct=est,rpl, a router's own answer, a drop). */
const ovnLabTraces = () =>
  (JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovn', 'traces', '2-no-ssh.calls.json'), 'utf8')) as { argv: string[]; stdout: string }[])
    .filter((c) => c.argv.includes('ovn-trace'))
    .map((c) => c.stdout);

/** Small deterministic PRNG (mulberry32) so a failure is reproducible from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: string, r: () => number) => string;
const at = (text: string, r: () => number) => Math.floor(r() * (text.length + 1));
const mutations: Mutation[] = [
  (t, r) => t.slice(0, at(t, r)), // truncate
  (t, r) => { const i = at(t, r); return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 256)) + t.slice(i + 1); }, // random byte
  (t, r) => { const i = at(t, r); return `${t.slice(0, i)}\0${t.slice(i)}`; }, // NUL
  (t, r) => { const i = at(t, r); return t.slice(0, i) + 'x'.repeat(200_000) + t.slice(i); }, // long line
  (t) => Buffer.from(t, 'utf8').toString('latin1'), // wrong decoding
  (t, r) => { const ls = t.split('\n'); ls.splice(Math.floor(r() * ls.length), 1); return ls.join('\n'); }, // drop a line
  (t, r) => { const ls = t.split('\n'); const i = Math.floor(r() * ls.length); ls.splice(i, 0, ls[Math.floor(r() * ls.length)] ?? ''); return ls.join('\n'); }, // duplicate a line
  (t, r) => Array.from({ length: 1 + Math.floor(r() * 300) }, () => String.fromCharCode(Math.floor(r() * 0x3000))).join(''), // pure noise
  (t) => t.replace(/ /g, '\t'),
  (t) => t.replace(/\n/g, '\r\n'),
  (t, r) => { const ls = t.split('\n'); const i = Math.floor(r() * ls.length); ls[i] = (ls[i] ?? '').split(' ').slice(0, 1 + Math.floor(r() * 4)).join(' '); return ls.join('\n'); }, // cut a line's words
];

interface Target {
  readonly name: string;
  readonly parse: (text: string) => unknown;
  readonly inputs: readonly string[];
}

const caps = (prefix: string) => captureFiles(prefix).map(loadCapture);
const ovnEra = (prefix: string) => captureFiles(prefix, 'ovn-era').map((f) => loadCapture(`ovn-era/${f}`));
const ovsTables = { bridge: labFile('ovs-vsctl-list-bridge.json'), port: labFile('ovs-vsctl-list-port.json'), iface: labFile('ovs-vsctl-list-interface.json') };
const targets: Target[] = [
  { name: 'parseIpText', parse: parseIpText, inputs: [...caps('ip-addr-'), labFile('ip-d-link.txt')] },
  { name: 'parseIpJson', parse: parseIpJson, inputs: [labFile('ip-j-d-link.json'), labFile('ip-j-d-addr-qrouter.json')] },
  { name: 'parseNetnsListId', parse: parseNetnsListId, inputs: [labFile('ip-j-netns-list-id.json'), 'nsid 0 (iproute2 netns name: qrouter-1)\n'] },
  { name: 'parseNetnsList', parse: parseNetnsList, inputs: caps('ip-netns-') },
  { name: 'parseIpRoute', parse: parseIpRoute, inputs: caps('ip-route-rule-').slice(0, 7) },
  { name: 'parseIpRouteJson', parse: parseIpRouteJson, inputs: [labFile('ip-j-route-qrouter.json')] },
  { name: 'parseIpRule', parse: parseIpRule, inputs: [loadCapture('ip-route-rule-14.txt'), loadCapture('ip-route-rule-15.txt')] },
  { name: 'parseOvsShow', parse: parseOvsShow, inputs: [...caps('ovs-vsctl-show-'), labFile('ovs-vsctl-show.txt')] },
  { name: 'parseOvsJson (bridge)', parse: (t) => parseOvsJson({ ...ovsTables, bridge: t }), inputs: [ovsTables.bridge] },
  { name: 'parseOvsJson (port)', parse: (t) => parseOvsJson({ ...ovsTables, port: t }), inputs: [ovsTables.port] },
  { name: 'parseIptablesSave', parse: parseIptablesSave, inputs: [...caps('iptables-nat-').slice(1), labFile('iptables-save-qrouter.txt')] },
  { name: 'parseIptablesList', parse: parseIptablesList, inputs: [loadCapture('iptables-filter-15.txt'), loadCapture('iptables-filter-2.txt'), loadCapture('iptables-nat-1.txt')] },
  { name: 'parseIptablesAuto', parse: parseIptablesAuto, inputs: caps('iptables-filter-') },
  { name: 'parseBridgeLink', parse: parseBridgeLink, inputs: [ovnEra('linuxbridge-3')[0]] },
  { name: 'parseBrctlShow', parse: parseBrctlShow, inputs: [ovnEra('linuxbridge-6')[0]] },
  { name: 'parseDnsmasqPs', parse: parseDnsmasqPs, inputs: [...caps('ps-dnsmasq-'), labFile('ps-fe-dnsmasq.txt')] },
  // OVN (real captures from 2016-2024, and real OVN 23.03 output)
  { name: 'parseNbShow', parse: parseNbShow, inputs: [...ovnEra('ovn-nb-show-'), real('nbctl-show.txt')] },
  { name: 'parseSbShow', parse: parseSbShow, inputs: [...ovnEra('ovn-sb-show-'), real('sbctl-show.txt')] },
  { name: 'parseAcls', parse: parseAcls, inputs: [...ovnEra('ovn-acl-'), real('list-acl.txt'), real('acl-list-pg.txt')] },
  { name: 'parseNats', parse: parseNats, inputs: [...ovnEra('ovn-nat-'), real('lr-nat-list.txt'), real('list-nat.txt')] },
  { name: 'parseTrace', parse: parseTrace, inputs: [...ovnEra('ovn-trace-'), real('trace-fip-tcp22.txt'), real('trace-fip-tcp22-dropped.txt'), ...ovnLabTraces()] },
  { name: 'parseNbTables (ACL)', parse: (t) => parseNbTables({ ACL: t }), inputs: [real('nb-ACL.json'), real('nb-Logical_Switch_Port.json')] },
  { name: 'parseSbTables (Port_Binding)', parse: (t) => parseSbTables({ Port_Binding: t }), inputs: [real('sb-Port_Binding.json')] },
  { name: 'parseDumpFlows', parse: parseDumpFlows, inputs: [...caps('ovs-flows-'), loadOpenflow('dump-flows-oftest-of10.txt'), loadOpenflow('dump-flows-oftun.txt')] },
  { name: 'parseOfprotoTrace', parse: parseOfprotoTrace, inputs: [...caps('ofproto-trace-'), loadOpenflow('trace-egress-tcp22.txt'), loadOpenflow('trace-ingress-tcp22.txt')] },
];

const ROUNDS = 300;

describe('parsers under mutation (result or ParseError, nothing else)', function () {
  this.timeout(60_000); // proves "does not hang", not speed

  for (const target of targets) {
    it(`${target.name}: ${ROUNDS} mutations`, () => {
      const r = rng(0x5eed + target.name.length);
      let parseErrors = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const input = target.inputs[round % target.inputs.length];
        let text = input;
        const steps = 1 + Math.floor(r() * 3);
        for (let s = 0; s < steps; s++) text = mutations[Math.floor(r() * mutations.length)](text, r);
        try {
          target.parse(text);
        } catch (err) {
          if (!(err instanceof ParseError)) assert.fail(`${target.name} round ${round}: threw ${String(err)} for ${JSON.stringify(text.slice(0, 200))}`);
          assert.ok(err.source.length > 0 && err.message.length > 0);
          parseErrors++;
        }
      }
      // The mutations are hostile enough that some inputs must be rejected.
      assert.ok(parseErrors > 0, `${target.name}: no mutation was rejected`);
    });
  }

  it('non-string input becomes a ParseError, not a TypeError', () => {
    for (const target of targets) {
      assert.throws(() => target.parse(undefined as unknown as string), ParseError, target.name);
    }
  });

  it('lab fixtures exist for the fuzz inputs', () => {
    assert.ok(readdirSync(LAB).includes('ip-j-d-link.json'));
  });
});
