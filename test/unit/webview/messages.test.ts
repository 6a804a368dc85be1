import { strict as assert } from 'node:assert';
import { buildInspectorModel } from '../../../src/core/iptables/view-model';
import { InspectorStateSchema, ToExtensionSchema, ToWebviewSchema } from '../../../src/core/messages/chain-inspector';
import { labDump } from '../iptables/fixtures';

describe('chain inspector messages', () => {
  it('accepts the messages the webview sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'setLive', live: true },
      { type: 'selectDevice', device: 'qr-+' },
      { type: 'selectDevice', device: null },
      { type: 'followChain', table: 'filter', chain: 'neutron-openvswi-sg-chain' },
      { type: 'openRaw', table: 'nat', chain: null },
    ]) {
      assert.equal(ToExtensionSchema.safeParse(m).success, true, JSON.stringify(m));
    }
  });

  it('rejects junk from the webview', () => {
    for (const junk of [
      null,
      'ready',
      42,
      {},
      { type: 'rm -rf' },
      { type: 'setLive', live: 'yes' },
      { type: 'followChain', table: 'filter' },
      { type: 'selectDevice' },
      { type: 'openRaw', table: 7, chain: null },
      { type: 'followChain', table: 'filter', chain: 'x'.repeat(5000) },
    ]) {
      assert.equal(ToExtensionSchema.safeParse(junk).success, false, JSON.stringify(junk)?.slice(0, 80));
    }
  });

  it('checks extension messages, including the whole model', () => {
    const model = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'tables' }, dump: labDump('root'), backend: 'ovs-hybrid', takenAt: 1, live: false });
    assert.equal(ToWebviewSchema.safeParse({ type: 'model', model }).success, true);
    assert.equal(ToWebviewSchema.safeParse({ type: 'status', loading: true, live: false }).success, true);
    assert.equal(ToWebviewSchema.safeParse({ type: 'model', model: { ...model, tables: 'nope' } }).success, false);
    assert.equal(ToWebviewSchema.safeParse({ type: 'error' }).success, false);
    assert.equal(ToWebviewSchema.safeParse({ type: 'counters', update: { takenAt: 1, tables: [{ name: 'filter', chains: [{ name: 'INPUT', counters: { packets: -1, bytes: 0 }, rules: [] }] }] } }).success, false);
  });

  it('validates the saved webview state the serializer receives', () => {
    const state = { target: { alias: 'lab', namespace: 'qrouter-x', mode: 'nat' }, history: [{ kind: 'nat' }, { kind: 'chain', table: 'nat', chain: 'neutron-l3-agent-snat' }], position: 1, filter: '10.0.0.3', scrollTop: 120, rawShown: [] };
    assert.equal(InspectorStateSchema.safeParse(state).success, true);
    assert.equal(InspectorStateSchema.safeParse({ ...state, target: { alias: 'lab', namespace: null, mode: 'everything' } }).success, false);
    assert.equal(InspectorStateSchema.safeParse({ ...state, history: [{ kind: 'chain' }] }).success, false);
    assert.equal(InspectorStateSchema.safeParse(undefined).success, false);
  });
});
