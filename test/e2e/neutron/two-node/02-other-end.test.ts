// The two-node lab, scenario 2: "Reveal Other End of Tunnel" on each host's own tunnel port (ML2/OVS br-tun
// vxlan-<remote ip>, OVN br-int ovn-<chassis>-0) selects the other host's tunnel port row, both ways.
import * as assert from 'node:assert/strict';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { twoNodeLab } from '../../support/two-node';
import { eventually } from '../../support/until';
import { clearWorkbench, collapseRow, contextMenu, openDevStackView, openPathUnder, selectedPath, treeRow } from '../../support/workbench';

describe('two-node lab: 2. the other end of each tunnel', () => {
  for (const direction of ['controller → compute', 'compute → controller'] as const) {
    it(`Reveal Other End of Tunnel: ${direction}`, async () => {
      const page = workbench();
      const f = twoNodeLab();
      const [from, to] = direction === 'controller → compute' ? [f.controller, f.compute] : [f.compute, f.controller];
      await clearWorkbench(page);
      await openDevStackView(page);
      // Host rows only (the deployment's member rows carry the same labels), each closed to start with.
      await collapseRow(treeRow(page, 'Deployment lab'));
      for (const node of [f.controller, f.compute]) await collapseRow(treeRow(page, node.alias));
      const port = await openPathUnder(page, treeRow(page, from.alias), /^Open vSwitch/, from.tunnel.bridge, from.tunnel.name);
      await contextMenu(page, port, /^Reveal Other End of Tunnel/);
      let path: string[] = [];
      await eventually(async () => {
        path = await selectedPath(page);
        return path[0] === to.alias && path.at(-1) === to.tunnel.name;
      }, () => `the selected row is not ${to.alias}'s ${to.tunnel.name}: ${path.join(' › ')}`);
      assert.equal(path.at(-2), to.tunnel.bridge, path.join(' › '));
      await snap(`two-node ${f.backend} reveal other end ${direction}`);
    });
  }
});
