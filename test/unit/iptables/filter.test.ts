import { strict as assert } from 'node:assert';
import { explainRule } from '../../../src/core/iptables/explain';
import { parseQuery, ruleMatchesAddress, ruleMatchesQuery } from '../../../src/core/iptables/filter';
import type { IptablesRule } from '../../../src/core/parse/types';
import { captureDump, labDump } from './fixtures';

const all = (rules: IptablesRule[], text: string): string[] =>
  rules.filter((r) => ruleMatchesQuery(r, parseQuery(text), explainRule(r))).map((r) => r.raw);

describe('rule search', () => {
  const router = labDump('qrouter').tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
  const root = labDump('root').tables.flatMap((t) => t.chains.flatMap((c) => c.rules));

  it('tells addresses from text', () => {
    assert.deepEqual(parseQuery('  '), { kind: 'empty' });
    assert.deepEqual(parseQuery('10.0.0.3'), { kind: 'address', address: '10.0.0.3', text: '10.0.0.3' });
    assert.equal(parseQuery('10.0.0.0/24').kind, 'address');
    assert.equal(parseQuery('ssh').kind, 'text');
    assert.equal(parseQuery('300.1.1.1').kind, 'text');
  });

  it('finds an address in rule CIDRs and NAT targets', () => {
    const hits = all(router, '10.0.0.3');
    assert.equal(hits.length, 3, hits.join('\n'));
    assert.ok(hits.some((r) => r.includes('--to-destination 10.0.0.3')));
    assert.ok(hits.some((r) => r.includes('-s 10.0.0.3/32')));
    // 10.1.0.7 lies inside the Grizzly router's 10.1.0.0/24 default SNAT rule.
    const grizzly = captureDump('iptables-nat-7.txt', 'nat').tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
    assert.deepEqual(all(grizzly, '10.1.0.7'), ['-A quantum-l3-agent-snat -s 10.1.0.0/24 -j SNAT --to-source 172.24.4.227']);
    assert.equal(ruleMatchesAddress(grizzly.find((r) => r.raw.includes('10.1.0.0/24')) as IptablesRule, '10.2.0.7'), false);
  });

  it('searches text in the rule, its comment and explanation, and interfaces with wildcards', () => {
    assert.equal(all(root, 'ssh').length, 1, 'the ssh rule is found by its explanation');
    assert.equal(all(root, 'fallback').length, 3, 'two jumps to the fallback and its DROP rule');
    assert.equal(all(router, 'qr-f618159e-b5').length, 2, 'qr-+ matches a concrete qr- device');
  });
});
