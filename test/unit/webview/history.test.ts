import { strict as assert } from 'node:assert';
import { canGoBack, canGoForward, current, goTo, historyStep, navigate, startHistory } from '../../../webview/lib/history';

const same = (a: string, b: string): boolean => a === b;

describe('browser-like history', () => {
  it('goes back and forward, and following a link drops the forward entries', () => {
    let h = startHistory('FORWARD');
    h = navigate(h, 'neutron-openvswi-FORWARD', same);
    h = navigate(h, 'neutron-openvswi-sg-chain', same);
    assert.equal(canGoForward(h), false);
    h = goTo(h, h.position - 1);
    assert.equal(current(h), 'neutron-openvswi-FORWARD');
    assert.equal(canGoForward(h), true);
    h = navigate(h, 'neutron-filter-top', same);
    assert.deepEqual(h.entries, ['FORWARD', 'neutron-openvswi-FORWARD', 'neutron-filter-top']);
    assert.equal(canGoForward(h), false);
    assert.equal(canGoBack(h), true);
  });

  it('ignores a link to the current view and clamps positions', () => {
    const h = navigate(startHistory('a'), 'a', same);
    assert.deepEqual(h.entries, ['a']);
    assert.equal(goTo(h, 9).position, 0);
    assert.equal(canGoBack(h), false);
  });

  it('back, forward and breadcrumb steps are shared by both inspectors; other actions are not steps', () => {
    let h = navigate(navigate(startHistory('a'), 'b', same), 'c', same);
    h = historyStep(h, 'back')!;
    assert.equal(current(h), 'b');
    h = historyStep(h, 'crumb', '0')!;
    assert.equal(current(h), 'a');
    assert.equal(current(historyStep(h, 'back')!), 'a');
    assert.equal(current(historyStep(h, 'forward')!), 'b');
    assert.equal(historyStep(h, 'refresh'), null);
  });
});
