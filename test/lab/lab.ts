// CLI: npx tsx test/lab/lab.ts {up|down|verify-clean} [--routers N --networks N --instances N --floating N --port P]
import { requireRoot } from './exec';
import type { LabOptions } from './manifest';
import { defaultOptions } from './plan';
import { up } from './up';
import { down } from './down';
import { leftovers } from './verify';

function parseOptions(args: string[]): LabOptions {
  const options = { ...defaultOptions };
  const knobs: Record<string, keyof LabOptions> = {
    '--routers': 'routers', '--networks': 'networks', '--instances': 'instances', '--floating': 'floating', '--port': 'port',
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    const key = knobs[flag];
    if (!key) throw new Error(`unknown option ${args[i]} (known: ${Object.keys(knobs).join(' ')})`);
    const raw = inline ?? args[++i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number, got ${raw}`);
    options[key] = value;
  }
  return options;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const log = (msg: string) => console.log(msg);
  requireRoot(`lab ${command ?? ''}`.trim());
  switch (command) {
    case 'up':
      await up(parseOptions(rest), log);
      return 0;
    case 'down': {
      const started = Date.now();
      await down((m) => console.log(m));
      const left = leftovers();
      console.log(`lab: down in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      if (left.length > 0) {
        console.error(`lab: down left ${left.length} objects:\n  ${left.join('\n  ')}`);
        return 1;
      }
      return 0;
    }
    case 'verify-clean': {
      const left = leftovers();
      if (left.length === 0) {
        console.log('lab: clean (nothing of the lab is left)');
        return 0;
      }
      console.error(`lab: NOT clean, ${left.length} objects left:\n  ${left.slice(0, 50).join('\n  ')}`);
      return 1;
    }
    default:
      console.error('usage: lab.sh {up|down|verify-clean} [--routers N --networks N --instances N --floating N --port P]');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`lab: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
