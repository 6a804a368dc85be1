// Issue 9, part 5: every parser over thousands of mutated real captures returns
// a result or a ParseError; a remote flood of output is cut at the limit.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/core/command';
import { buildTopology } from '../../src/core/model/build';
import { splitSections } from '../../src/core/snapshot/parse';
import { parseBrctlShow, parseBridgeLink } from '../../src/core/parse/bridge';
import { parseDnsmasqPs } from '../../src/core/parse/dnsmasq';
import { ParseError } from '../../src/core/parse/errors';
import { parseIpJson, parseIpText, parseNetnsListId } from '../../src/core/parse/ip';
import { parseIptablesAuto, parseIptablesSave } from '../../src/core/parse/iptables';
import { parseIptablesList } from '../../src/core/parse/iptables-list';
import { parseNetnsList } from '../../src/core/parse/netns';
import { parseOvsJson, parseOvsShow } from '../../src/core/parse/ovs';
import { parseIpRoute, parseIpRouteJson, parseIpRule } from '../../src/core/parse/route';
import { parseAcls } from '../../src/core/backends/ovn/parse/acl';
import { parseNats } from '../../src/core/backends/ovn/parse/nat';
import { parseNbShow } from '../../src/core/backends/ovn/parse/nb-show';
import { parseSbShow } from '../../src/core/backends/ovn/parse/sb-show';
import { parseNbTables } from '../../src/core/backends/ovn/parse/tables';
import { parseTrace } from '../../src/core/backends/ovn/parse/trace';
import { parseDumpFlows } from '../../src/core/openflow/flows';
import { parseOfprotoTrace } from '../../src/core/openflow/trace';
import { captureFiles, loadCapture } from '../unit/helpers/captures';
import { ovnTopology, real } from '../unit/backends/ovn/fixtures';
import { labPool } from './lab-pool';
import { MUTATIONS, prng } from './mutations';

const LAB = join(__dirname, '..', 'fixtures', 'lab');
const lab = (name: string) => readFileSync(join(LAB, name), 'utf8');
const labFiles = (re: RegExp) => readdirSync(LAB).filter((f) => re.test(f)).map(lab);
const captures = (prefix: string) => captureFiles(prefix).map(loadCapture);
const OPENFLOW = join(__dirname, '..', 'fixtures', 'openflow');
const openflow = (re: RegExp) => readdirSync(OPENFLOW).filter((f) => re.test(f)).map((f) => readFileSync(join(OPENFLOW, f), 'utf8'));

/** A recorded snapshot's own nonce, from its first marker. */
const snapshotText = () => readFileSync(join(__dirname, '..', 'fixtures', 'lab', 'snapshot-default.txt'), 'utf8');
const snapshotNonce = /^DSN-([0-9a-f]+) /m.exec(snapshotText())![1];

const PARSERS: { name: string; parse: (text: string) => unknown; seeds: () => string[] }[] = [
  // The whole snapshot: a garbled section becomes a section error, never an exception.
  { name: 'snapshot + model', parse: (t) => buildTopology(splitSections(t, snapshotNonce), { target: 'fuzz', takenAt: 0 }), seeds: () => [snapshotText()] },
  { name: 'ip -j', parse: (t) => parseIpJson(t), seeds: () => labFiles(/^ip-j-d-(link|addr).*\.json$/) },
  { name: 'ip text', parse: (t) => parseIpText(t), seeds: () => [...captures('ip-addr-'), ...labFiles(/^ip-(addr|d-link).*\.txt$/)] },
  { name: 'netns list', parse: (t) => parseNetnsList(t), seeds: () => [...captures('ip-netns-'), lab('ip-netns-list.txt')] },
  { name: 'netns list-id', parse: (t) => parseNetnsListId(t), seeds: () => [lab('ip-j-netns-list-id.json')] },
  { name: 'ip route', parse: (t) => parseIpRoute(t), seeds: () => [...captures('ip-route-rule-'), ...labFiles(/^ip-route.*\.txt$/)] },
  { name: 'ip -j route', parse: (t) => parseIpRouteJson(t), seeds: () => labFiles(/^ip-j-route.*\.json$/) },
  { name: 'ip rule', parse: (t) => parseIpRule(t), seeds: () => [...captures('ip-route-rule-1'), ...labFiles(/^ip-rule.*\.txt$/)] },
  { name: 'ovs-vsctl show', parse: (t) => parseOvsShow(t), seeds: () => [...captures('ovs-vsctl-show-'), lab('ovs-vsctl-show.txt')] },
  {
    name: 'ovs json',
    parse: (t) => parseOvsJson({ bridge: t, port: lab('ovs-vsctl-list-port.json'), iface: lab('ovs-vsctl-list-interface.json') }),
    seeds: () => [lab('ovs-vsctl-list-bridge.json'), lab('ovs-vsctl-list-port.json')],
  },
  { name: 'iptables-save', parse: (t) => parseIptablesSave(t), seeds: () => [...captures('iptables-'), ...labFiles(/^iptables-.*\.txt$/)] },
  { name: 'iptables -L', parse: (t) => parseIptablesList(t), seeds: () => captures('iptables-filter-1') },
  { name: 'iptables auto', parse: (t) => parseIptablesAuto(t), seeds: () => captures('iptables-') },
  { name: 'dnsmasq ps', parse: (t) => parseDnsmasqPs(t), seeds: () => [...captures('ps-dnsmasq-'), ...labFiles(/dnsmasq/)] },
  // OVN: the text forms, the JSON tables, and the OVN part of the snapshot model.
  { name: 'ovn-nbctl show', parse: (t) => parseNbShow(t), seeds: () => [...ovnEra('ovn-nb-show-'), real('nbctl-show.txt')] },
  { name: 'ovn-sbctl show', parse: (t) => parseSbShow(t), seeds: () => [...ovnEra('ovn-sb-show-'), real('sbctl-show.txt')] },
  { name: 'ovn acl', parse: (t) => parseAcls(t), seeds: () => [...ovnEra('ovn-acl-'), real('list-acl.txt')] },
  { name: 'ovn nat', parse: (t) => parseNats(t), seeds: () => [...ovnEra('ovn-nat-'), real('lr-nat-list.txt')] },
  { name: 'ovn-trace', parse: (t) => parseTrace(t), seeds: () => [...ovnEra('ovn-trace-'), real('trace-fip-tcp22-new.txt')] },
  { name: 'ovn-nbctl json', parse: (t) => parseNbTables({ Logical_Switch_Port: t }), seeds: () => [real('nb-Logical_Switch_Port.json')] },
  { name: 'ovn snapshot + model', parse: (t) => ovnTopology({ 'ovn.nb': t }), seeds: () => [real('nb-batch.json')] },
  { name: 'ovs-ofctl dump-flows', parse: (t) => parseDumpFlows(t), seeds: () => [...captures('ovs-flows-'), ...openflow(/^(lab-)?dump-flows-/)] },
  { name: 'ofproto/trace', parse: (t) => parseOfprotoTrace(t), seeds: () => [...captures('ofproto-trace-'), ...openflow(/trace-/)] },
  { name: 'bridge link', parse: (t) => parseBridgeLink(t), seeds: () => ovnEra('linuxbridge-3') },
  { name: 'brctl show', parse: (t) => parseBrctlShow(t), seeds: () => ovnEra('linuxbridge-6') },
  { name: 'ip text (DVR, linuxbridge -d)', parse: (t) => parseIpText(t), seeds: () => [...ovnEra('dvr-1'), ...ovnEra('dvr-3'), ...ovnEra('linuxbridge-2')] },
  { name: 'iptables -L (linuxbridge)', parse: (t) => parseIptablesList(t), seeds: () => ovnEra('linuxbridge-1') },
];
const ovnEra = (prefix: string) => captureFiles(prefix, 'ovn-era').map((f) => loadCapture(`ovn-era/${f}`));

describe('garbage and huge output', function () {
  it('every parser returns a result or a ParseError for thousands of mutated real captures', function () {
    const random = prng(20261130);
    let inputs = 0;
    let slowest = 0;
    const failures: string[] = [];
    for (const parser of PARSERS) {
      const seeds = parser.seeds();
      assert.ok(seeds.length > 0, `${parser.name}: real seeds`);
      for (let round = 0; round < Math.ceil(480 / seeds.length); round++) {
        for (const seed of seeds) {
          for (const [m, mutate] of MUTATIONS.entries()) {
            const input = mutate(seed, random);
            const start = process.hrtime.bigint();
            try {
              parser.parse(input);
            } catch (e) {
              if (!(e instanceof ParseError)) failures.push(`${parser.name} mutation ${m}: ${e instanceof Error ? e.stack : String(e)}`);
              else if (!e.message.startsWith(e.source)) failures.push(`${parser.name}: ParseError does not name its source: ${e.message}`);
            }
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            slowest = Math.max(slowest, ms);
            if (ms > 2000) failures.push(`${parser.name} mutation ${m} took ${ms.toFixed(0)} ms (hang guard: 2 s)`);
            inputs++;
          }
        }
      }
    }
    console.log(`      fuzzed ${inputs} inputs over ${PARSERS.length} parsers; slowest ${slowest.toFixed(1)} ms`);
    assert.ok(inputs >= 5000, `only ${inputs} inputs`);
    assert.deepEqual(failures.slice(0, 5), []);
  });

  it('a remote command printing 200 MB is cut at the default 32 MB limit with a clear message, memory bounded', async () => {
    const lab = labPool();
    try {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const error = await run(lab.pool.runner(lab.host), { argv: ['head', '-c', String(200 * 1024 * 1024), '/dev/zero'], parse: String })
        .then(
          () => assert.fail('expected the output limit'),
          (e) => e,
        )
        .finally(() => clearInterval(sampler));
      const grown = (peak - before) / 1024 / 1024;
      console.log(`      cut at 33,554,432 bytes; peak RSS ${grown.toFixed(0)} MiB above the start`);
      assert.equal(error.kind, 'output-limit');
      assert.match(error.message, /32(\.0)? MiB|33554432/);
      assert.ok(grown < 4 * 32, `RSS grew ${grown.toFixed(0)} MiB for a 32 MiB limit`);
    } finally {
      lab.pool.dispose();
    }
  });

  it('with truncation asked for, the output stops exactly at a configured limit', async () => {
    const lab = labPool({ maxOutputBytes: 1024 * 1024 });
    try {
      const result = await lab.pool.runner(lab.host).exec(['head', '-c', String(50 * 1024 * 1024), '/dev/zero'], { onOutputLimit: 'truncate' });
      assert.equal(result.truncated, true);
      assert.equal(Buffer.byteLength(result.stdout), 1024 * 1024);
    } finally {
      lab.pool.dispose();
    }
  });
});
