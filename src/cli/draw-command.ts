// Argument handling of `devstack-net draw` (kept out of main.ts).
import * as fs from 'node:fs';
import { FocusNotFound } from '../core/picture';
import { parseFocus } from '../core/picture/render';
import { drawTopology } from './draw';
import { snapshotCommand } from './snapshot';

export const DRAW_USAGE = `  devstack-net draw <host> [--ssh-config FILE] [--accept-new] [--no-sudo] [--focus port:<id>|router:<id>|network:<id>] [--expand GROUP]… [--view physical|logical] --out FILE.svg
      Draws the host's topology picture (the same one as the extension's "Show topology") as SVG.
      Without --focus the whole host, with namespaces of a kind folded; --expand namespace:qrouter,
      namespace:qdhcp or instance unfolds one group. --view logical draws the OVN logical network
      (networks, routers, instances, floating IPs) where the host runs OVN; elsewhere the physical view, with a note.`;

interface DrawValues {
  readonly 'ssh-config'?: string;
  readonly 'accept-new'?: boolean;
  readonly 'no-sudo'?: boolean;
  readonly timeout?: string;
  readonly focus?: string;
  readonly out?: string;
  readonly expand?: string[];
  readonly view?: string;
}

export async function drawCommand(rest: readonly string[], values: DrawValues, usage: (message: string) => Error): Promise<number> {
  if (rest.length !== 1) throw usage('draw needs exactly one <host>');
  if (values.out === undefined) throw usage('draw needs --out FILE.svg');
  const focus = values.focus === undefined ? { kind: 'host' as const, expand: values.expand ?? [] } : parseFocus(values.focus);
  if (focus === null) throw usage(`--focus must be port:<id>, router:<id> or network:<id>, not ${JSON.stringify(values.focus)}`);
  const view = values.view ?? 'physical';
  if (view !== 'physical' && view !== 'logical') throw usage(`--view must be physical or logical, not ${JSON.stringify(values.view)}`);
  const sshConfig = values['ssh-config'];
  if (sshConfig !== undefined && !fs.existsSync(sshConfig)) throw usage(`no such ssh config file: ${sshConfig}`);
  const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!(timeout > 0)) throw usage('--timeout must be a positive number of seconds');
  const topology = await snapshotCommand({ host: rest[0]!, sshConfig, acceptNew: values['accept-new'] ?? false, sudo: !values['no-sudo'], timeoutSeconds: timeout });
  if (typeof topology === 'string') throw new Error('unexpected raw snapshot');
  try {
    const drawn = await drawTopology(topology, rest[0]!, focus, values.out, view);
    process.stderr.write(`wrote ${values.out}: ${drawn.boxes} boxes, ${drawn.links} links${drawn.notes.map((n) => `\n  note: ${n}`).join('')}\n`);
  } catch (e) {
    if (e instanceof FocusNotFound) throw usage(e.message);
    throw e;
  }
  return 0;
}
