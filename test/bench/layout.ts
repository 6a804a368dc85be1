// The picture's layout figures (issue 15), computed in Node on a scaled-lab Topology.
// Also runnable alone on the recorded scaled snapshot: npx tsx test/bench/layout.ts
import type { Topology } from '../../src/core/model/types';
import { picture } from '../../src/core/picture';
import { layoutPicture } from '../../src/core/picture/layout';
import { type Median, medianOf } from './median';


export async function layoutFigures(topology: Topology, median: Median): Promise<{ portPathMs: number; wholeLabMs: number }> {
  const port = topology.ports.find((p) => p.kind === 'instance');
  if (!port) throw new Error('the scaled lab has no instance port');
  // Graph building is part of the figure: the user waits for both.
  const portPathMs = await median('layout: port path', () => layoutPicture(picture(topology, 'bench', { focus: { kind: 'port', id: port.prefix } })), 10);
  const whole = { kind: 'host' as const, expand: ['namespace:qrouter', 'namespace:qdhcp', 'namespace:snat', 'namespace:fip', 'namespace:other', 'instance'] };
  const wholeLabMs = await median('layout: whole lab', () => layoutPicture(picture(topology, 'bench', { focus: whole })), 3);
  return { portPathMs, wholeLabMs };
}

if (require.main === module) {
  void (async () => {
    const { scaledTopology } = await import('../unit/picture/fixtures');
    const median = medianOf(5);
    const t = await scaledTopology();
    console.log(`scaled lab: ${t.namespaces.length} namespaces, ${t.devices.length} devices`);
    console.log(JSON.stringify(await layoutFigures(t, median)));
  })();
}
