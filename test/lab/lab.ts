// CLI: npx tsx test/lab/lab.ts {up|down|verify-clean} [--routers N --networks N --instances N --floating N --port P]
//      npx tsx test/lab/lab.ts up --neutron <backend> [--port P] [--nodes 2|3]
import { requireRoot } from './exec';
import type { LabOptions } from './manifest';
import { defaultOptions } from './plan';
import { up } from './up';
import { leftovers } from './verify';
import { backends, type Backend } from './neutron/paths';
import { neutronDown } from './neutron/down';
import { neutronLabBackend, neutronUp } from './neutron/up';

/** `--neutron <backend>` picks the real Neutron lab (test/lab/neutron); the rest are the fast lab's knobs. */
function splitNeutron(args: string[]): { backend: Backend | null; rest: string[] } {
  const i = args.findIndex((a) => a === '--neutron' || a.startsWith('--neutron='));
  if (i < 0) return { backend: null, rest: args };
  const inline = args[i].includes('=') ? args[i].split('=', 2)[1] : undefined;
  const value = inline ?? args[i + 1];
  if (!backends.includes(value as Backend)) throw new Error(`--neutron needs one of ${backends.join(' | ')}, got ${value}`);
  return { backend: value as Backend, rest: [...args.slice(0, i), ...args.slice(i + (inline === undefined ? 2 : 1))] };
}

/** `--nodes 2|3` (real Neutron lab only): one or two compute nodes beside the controller (test/lab/neutron/compute.ts). */
function splitNodes(args: string[]): { nodes: number | null; rest: string[] } {
  const i = args.findIndex((a) => a === '--nodes' || a.startsWith('--nodes='));
  if (i < 0) return { nodes: null, rest: args };
  const inline = args[i].includes('=') ? args[i].split('=', 2)[1] : undefined;
  const value = Number(inline ?? args[i + 1]);
  if (value !== 1 && value !== 2 && value !== 3) throw new Error(`--nodes needs 1, 2 or 3, got ${inline ?? args[i + 1]}`);
  return { nodes: value, rest: [...args.slice(0, i), ...args.slice(i + (inline === undefined ? 2 : 1))] };
}

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
    case 'up': {
      const { backend, rest: knobs } = splitNeutron(rest);
      if (backend !== null) {
        const { nodes, rest: others } = splitNodes(knobs);
        const options = parseOptions(others);
        if (others.some((k) => !k.startsWith('--port') && k.startsWith('--'))) throw new Error('with --neutron only --port and --nodes may be given');
        await neutronUp({ backend, port: options.port, ...(nodes === null ? {} : { nodes }) }, log);
        return 0;
      }
      const running = neutronLabBackend();
      if (running !== null) throw new Error(`the Neutron lab (${running}) is up; run \`npm run lab:down\` first, the two labs share Open vSwitch and sshd`);
      await up(parseOptions(knobs), log);
      return 0;
    }
    case 'down': {
      const started = Date.now();
      await neutronDown((m) => console.log(m)); // the Neutron lab's part (if any), then the fast lab's down()
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
