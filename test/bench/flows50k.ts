// 50,000 real-shaped `ovs-ofctl dump-flows` lines for the bench: the flow lines of the real captures
// (native firewall and OVN dumps, stats and --no-stats, named and numeric ports), copied with each copy's
// registers, ports, MACs and addresses renumbered the way more instance ports would number them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

export function realFlowLines(): string[] {
  const files = [
    ...readdirSync(join(FIXTURES, 'captures')).filter((f) => f.startsWith('ovs-flows-')).map((f) => join(FIXTURES, 'captures', f)),
    join(FIXTURES, 'openflow', 'dump-flows-oftest.txt'),
    join(FIXTURES, 'openflow', 'dump-flows-oftun.txt'),
  ];
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.includes(' actions=')));
}

export function flows50k(count = 50_000): string {
  const real = realFlowLines();
  const out: string[] = [];
  for (let copy = 0; out.length < count; copy++) {
    const hex = (copy + 2).toString(16);
    const byte = (copy % 250).toString(16).padStart(2, '0');
    for (const line of real) {
      if (out.length >= count) break;
      out.push(
        line
          .replace(/reg5=0x[0-9a-f]+/g, `reg5=0x${hex}`)
          .replace(/->NXM_NX_REG5\[\]/g, `->NXM_NX_REG5[]`)
          .replace(/load:0x[0-9a-f]+->NXM_NX_REG5/g, `load:0x${hex}->NXM_NX_REG5`)
          .replace(/fa:16:3e:([0-9a-f]{2}):([0-9a-f]{2}):[0-9a-f]{2}/g, `fa:16:3e:$1:$2:${byte}`)
          .replace(/"tap([0-9a-f]{6})/g, `"tap${hex.padStart(6, '0').slice(-6)}`)
          .replace(/output:(\d+)$/, `output:${copy + 2}`),
      );
    }
  }
  return `${out.join('\n')}\n`;
}
