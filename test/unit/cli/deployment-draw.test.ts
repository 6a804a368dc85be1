// `devstack-net deployment … --out FILE.svg [--focus port:<host>:<id>]`: the deployment picture as a file.
// Input: the derived two-host pair (test/unit/deployment/fixtures.ts derivedPair; README "Derived inside single tests").
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawDeployment, parseDeploymentFocus } from '../../../src/cli/deployment';
import { derivedPair } from '../deployment/fixtures';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
const m = JSON.parse(readFileSync(join(DIR, 'manifest-fidelity.json'), 'utf8')) as { instancePorts: { prefix11: string; fixedIp: string }[] };
const vm1 = m.instancePorts.find((p) => p.fixedIp === '10.0.0.23')!;

describe('cli deployment --out: the deployment picture', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'deployment-draw-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--focus port:<host>:<id> is parsed; anything else is not', () => {
    assert.deepEqual(parseDeploymentFocus('port:compute1:c54a2687-58'), { alias: 'compute1', id: 'c54a2687-58' });
    assert.equal(parseDeploymentFocus('port:c54a2687-58'), null);
    assert.equal(parseDeploymentFocus('router:x:y'), null);
  });

  it('writes both hosts as boxes and the tunnel between them; with a port, its path across them lit', async () => {
    const pair = await derivedPair();
    const hosts = [{ alias: 'controller', topology: pair.controller }, { alias: 'compute1', topology: pair.compute }];
    const whole = join(dir, 'whole.svg');
    const drawn = await drawDeployment(hosts, whole);
    assert.deepEqual(drawn, { boxes: 4, links: 3, notes: [] });
    const svg = readFileSync(whole, 'utf8');
    assert.match(svg, /<g class="cluster" data-id="host\/controller">/);
    assert.match(svg, /<g class="cluster" data-id="host\/compute1">/);
    assert.match(svg, /vxlan 10\.0\.100\.88 ⇄ 10\.0\.100\.77/);
    assert.match(svg, /\.cluster-box/, 'the stylesheet is embedded');

    const path = join(dir, 'path.svg');
    const p = await drawDeployment(hosts, path, { alias: 'compute1', id: vm1.prefix11 });
    assert.equal(p.boxes, 9);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /<g class="node node-namespace lit" data-id="host\/controller\/ns\/qrouter-620cc7ab-34b7-476c-8f90-0ac10621915a"/);
    assert.match(text, /<g class="edge edge-tunnel lit"[^>]*data-id="deployment\/tunnel\//);
  });

  it('a malformed --focus is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'deployment', 'a.json', 'b.json', '--out', join(dir, 'x.svg'), '--focus', 'port:nohost'], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--focus must be port:<host>:<port id>, not "port:nohost"/);
  });
});
