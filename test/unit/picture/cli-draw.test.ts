// `devstack-net draw`: the same builder, layout and serializer write an SVG file; bad focus is a usage error.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawTopology } from '../../../src/cli/draw';
import { main } from '../../../src/cli/main';
import { parseFocus } from '../../../src/core/picture/render';
import { labTopology } from './fixtures';

describe('devstack-net draw', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'draw-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the port path as a standalone SVG with the picture's stylesheet", async function () {
    this.timeout(20_000);
    const t = await labTopology();
    const port = t.ports.find((p) => p.kind === 'instance')!;
    const out = join(dir, 'path.svg');
    const drawn = await drawTopology(t, 'lab', { kind: 'port', id: port.id! }, out);
    assert.deepEqual(drawn, { boxes: 7, links: 6, notes: [] });
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<style>\/\* The topology picture's SVG/);
    for (const d of port.devices) assert.ok(svg.includes(`>${d.name}<`), d.name);
  });

  it('parses --focus and refuses a malformed one before connecting', async () => {
    assert.deepEqual(parseFocus('router:abc'), { kind: 'router', id: 'abc' });
    assert.deepEqual(parseFocus('host'), { kind: 'host' });
    assert.equal(parseFocus('bridge:br-int'), null);
    await assert.rejects(main(['draw', 'nowhere', '--focus', 'bridge:x', '--out', join(dir, 'x.svg')]), /--focus must be port:<id>, router:<id> or network:<id>/);
    await assert.rejects(main(['draw', 'nowhere']), /draw needs --out FILE.svg/);
  });
});
