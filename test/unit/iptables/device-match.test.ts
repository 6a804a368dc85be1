import { strict as assert } from 'node:assert';
import { deviceAliases, devicesInRules, interfaceMatches, ruleMentionsDevice } from '../../../src/core/iptables/device-match';
import type { IptablesRule } from '../../../src/core/parse/types';
import { labDump } from './fixtures';

const rules = (which: 'root' | 'qrouter'): IptablesRule[] => labDump(which).tables.flatMap((t) => t.chains.flatMap((c) => c.rules));

describe('device matching', () => {
  it('matches iptables interface patterns, "+" wildcards and negations', () => {
    assert.equal(interfaceMatches('qr-+', 'qr-f618159e-b5'), true);
    assert.equal(interfaceMatches('qr-+', 'qg-d4b9de27-b2'), false);
    assert.equal(interfaceMatches('!qg-d4b9de27-b2', 'qg-d4b9de27-b2'), true);
    assert.equal(interfaceMatches('tap3bb3cb9f-d5', 'tap3bb3cb9f-d'), false);
    assert.equal(interfaceMatches(null, 'eth0'), false);
  });

  it('treats qbr/qvb/qvo of a port as its tap', () => {
    assert.deepEqual(deviceAliases('qvo3bb3cb9f-d5'), ['qvo3bb3cb9f-d5', 'tap3bb3cb9f-d5', 'qbr3bb3cb9f-d5', 'qvb3bb3cb9f-d5']);
    assert.deepEqual(deviceAliases('eth0'), ['eth0']);
  });

  it('finds the rules of the lab that mention a device', () => {
    assert.equal(rules('root').filter((r) => ruleMentionsDevice(r, 'tap3bb3cb9f-d5')).length, 5);
    assert.equal(rules('root').filter((r) => ruleMentionsDevice(r, 'qvb3bb3cb9f-d5')).length, 5);
    const qr = rules('qrouter').filter((r) => ruleMentionsDevice(r, 'qr-f618159e-b5'));
    assert.equal(qr.length, 2, 'the metadata MARK and REDIRECT rules use -i qr-+');
    assert.ok(qr.every((r) => r.inInterface === 'qr-+'));
  });

  it('lists concrete devices mentioned (no wildcards)', () => {
    assert.deepEqual(devicesInRules(rules('qrouter')), ['qg-d4b9de27-b2'], 'qr-+ is a pattern, ! qg- is the device');
    assert.deepEqual(devicesInRules(rules('root')), ['tap3bb3cb9f-d5']);
  });
});
