// devstack-net: the CLI over the same core as the extension.
//   devstack-net snapshot <host> [--ssh-config FILE] [--accept-new] [--no-sudo] [--timeout SECONDS] [--raw]
//   devstack-net parse <kind> [FILE|-] [--netns NAME]
//   devstack-net draw <host> [--ssh-config FILE] [--focus port:<id>|router:<id>|network:<id>] --out FILE.svg
//   devstack-net show FILE | diff A B [--json] [--counters]   (saved snapshot files)
//   devstack-net trace <host> [--ssh-config FILE] --from <port id | device | outside> --to <ip>[:port] [--proto icmp|tcp|udp] [--json]
//   devstack-net deployment <host|FILE> <host|FILE>… [--ssh-config FILE] [--json]
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { PARSE_KINDS } from './parse-kinds';
import { drawCommand, DRAW_USAGE } from './draw-command';
import { snapshotCommand } from './snapshot';
import { diffCommand, formatDiff, loadFileTopology, saveCommand } from './snapshot-file';
import { TraceUsageError, traceCommand, traceOutput } from './trace';
import { deploymentReport, drawDeployment, formatDeployment, parseDeploymentFocus, readDeployment } from './deployment';
import { FocusNotFound } from '../core/picture/focus';

const USAGE = `Usage:
  devstack-net snapshot <host> [--ssh-config FILE] [--accept-new] [--no-sudo] [--timeout SECONDS] [--raw]
      Collects the host's Neutron networking in one SSH exec and prints the Topology as JSON.
      <host> is a Host of the ssh config or user@host[:port]. An unknown host key is refused
      unless --accept-new is given (then it is recorded in known_hosts). --raw prints the
      script's framed output instead (what test/fixtures/lab/snapshot-*.txt hold).
  devstack-net parse <kind> [FILE|-] [--netns NAME]
      Parses command output (from FILE, or stdin) and prints JSON. Kinds:
      ${Object.keys(PARSE_KINDS).join(', ')}
      --netns NAME tells ip-addr/ip-json which namespace the output came from (for roles).
${DRAW_USAGE}
  devstack-net snapshot <host> --out FILE [--anonymise] [ssh options as above]
      Saves a snapshot file (*.devstack-net.json, docs/snapshot-format.md) instead of printing.
      --anonymise replaces every address and host name (for public bug reports).
  devstack-net show FILE
      Prints the Topology of a saved snapshot file as JSON (re-parsed with today's parsers).
  devstack-net diff A B [--ssh-config FILE] [--accept-new] [--no-sudo] [--json] [--counters]
      What was added, removed or changed from A to B; each is a snapshot file or a host read live.
      --json prints {added, removed, changed}; --counters also reports packet/byte counter changes.
  devstack-net trace <host> [--ssh-config FILE] --from <port id | device | outside> --to <ip>[:port]
                    [--proto icmp|tcp|udp] [--json] [--accept-new] [--no-sudo] [--timeout SECONDS]
      Traces the first packet of a new connection and its reply hop by hop (security groups, bridges,
      VLAN tags, the router's routing and NAT) and prints the verdict and the steps; exit 0 delivered,
      3 dropped, 4 unknown.
  devstack-net deployment <host|FILE> <host|FILE>… [--json] [--out FILE.svg [--focus port:<host>:<port id>]] [ssh options as above]
      Reads several hosts in parallel (a live host: its snapshot and br-tun flows; a FILE: a saved snapshot),
      resolves each tunnel port to the host at its other end (or says why not), suggests the deployments
      their tunnels form, and shows each tunnelled network per host (local VLAN, ports, tunnel id).
      --out also draws the deployment picture: each host a box, the tunnels between them; with --focus
      one port's path across the hosts (its host, br-tun, the tunnel, the other host's br-int and router).
  devstack-net --help
See docs/cli.md for the JSON shapes.`;

class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'ssh-config': { type: 'string' },
      'accept-new': { type: 'boolean' },
      'no-sudo': { type: 'boolean' },
      timeout: { type: 'string' },
      netns: { type: 'string' },
      raw: { type: 'boolean' },
      focus: { type: 'string' },
      out: { type: 'string' },
      expand: { type: 'string', multiple: true },
      view: { type: 'string' },
      anonymise: { type: 'boolean' },
      json: { type: 'boolean' },
      counters: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      proto: { type: 'string' },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const [command, ...rest] = positionals;
  if (command === 'snapshot') {
    if (rest.length !== 1) throw new UsageError('snapshot needs exactly one <host>');
    const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    const sshConfig = values['ssh-config'];
    if (sshConfig !== undefined && !fs.existsSync(sshConfig)) throw new UsageError(`no such ssh config file: ${sshConfig}`);
    const snapshotArgs = {
      host: rest[0],
      sshConfig,
      acceptNew: values['accept-new'] ?? false,
      sudo: !values['no-sudo'],
      timeoutSeconds: timeout,
      raw: values.raw ?? false,
    };
    if (values.out !== undefined) {
      if (values.raw) throw new UsageError('--out and --raw do not go together');
      process.stderr.write(`${await saveCommand(snapshotArgs, values.out, values.anonymise ?? false)}\n`);
      return 0;
    }
    if (values.anonymise) throw new UsageError('--anonymise needs --out FILE');
    const topology = await snapshotCommand(snapshotArgs);
    process.stdout.write(typeof topology === 'string' ? topology : JSON.stringify(topology, null, 2) + '\n');
    return 0;
  }
  if (command === 'parse') {
    const [kind, file = '-'] = rest;
    if (rest.length > 2) throw new UsageError('parse takes <kind> and at most one FILE');
    const parser = kind === undefined ? undefined : PARSE_KINDS[kind];
    if (!parser) throw new UsageError(`unknown kind ${JSON.stringify(kind ?? '')}; one of: ${Object.keys(PARSE_KINDS).join(', ')}`);
    const text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
    process.stdout.write(JSON.stringify(parser(text, { namespace: values.netns ?? null }), null, 2) + '\n');
    return 0;
  }
  if (command === 'draw') return drawCommand(rest, values, (m) => new UsageError(m));
  if (command === 'show') {
    if (rest.length !== 1) throw new UsageError('show needs exactly one FILE');
    process.stdout.write(JSON.stringify(loadFileTopology(rest[0]), null, 2) + '\n');
    return 0;
  }
  if (command === 'diff') {
    if (rest.length !== 2) throw new UsageError('diff needs A and B (snapshot files or hosts)');
    const sshConfig = values['ssh-config'];
    if (sshConfig !== undefined && !fs.existsSync(sshConfig)) throw new UsageError(`no such ssh config file: ${sshConfig}`);
    const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    const side = { sshConfig, acceptNew: values['accept-new'] ?? false, sudo: !values['no-sudo'], timeoutSeconds: timeout };
    const diff = await diffCommand(rest[0], rest[1], side, values.counters ?? false);
    process.stdout.write(values.json ? JSON.stringify(diff, null, 2) + '\n' : formatDiff(diff, rest[0], rest[1]));
    return 0;
  }
  if (command === 'trace') {
    if (rest.length !== 1) throw new UsageError('trace needs exactly one <host>');
    if (values.from === undefined || values.to === undefined) throw new UsageError('trace needs --from <port id | device | outside> and --to <ip>[:port]');
    const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    const sshConfig = values['ssh-config'];
    if (sshConfig !== undefined && !fs.existsSync(sshConfig)) throw new UsageError(`no such ssh config file: ${sshConfig}`);
    const result = await traceCommand({
      host: rest[0], sshConfig, acceptNew: values['accept-new'] ?? false, sudo: !values['no-sudo'], timeoutSeconds: timeout,
      from: values.from, to: values.to, proto: values.proto,
    }).catch((e: unknown) => {
      throw e instanceof TraceUsageError ? new UsageError(e.message) : e;
    });
    process.stdout.write(traceOutput(result, values.json ?? false));
    return result.verdict === 'delivered' ? 0 : result.verdict === 'dropped' ? 3 : 4;
  }
  if (command === 'deployment') {
    if (rest.length < 2) throw new UsageError('deployment needs at least two hosts or snapshot files');
    const sshConfig = values['ssh-config'];
    if (sshConfig !== undefined && !fs.existsSync(sshConfig)) throw new UsageError(`no such ssh config file: ${sshConfig}`);
    const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    const port = values.focus === undefined ? null : parseDeploymentFocus(values.focus);
    if (values.focus !== undefined && port === null) throw new UsageError(`--focus must be port:<host>:<port id>, not ${JSON.stringify(values.focus)}`);
    if (port !== null && values.out === undefined) throw new UsageError('--focus needs --out FILE.svg');
    const hosts = await readDeployment(rest, { sshConfig, acceptNew: values['accept-new'] ?? false, sudo: !values['no-sudo'], timeoutSeconds: timeout });
    const report = deploymentReport(hosts);
    process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatDeployment(report));
    if (values.out !== undefined) {
      try {
        const drawn = await drawDeployment(hosts, values.out, port);
        process.stderr.write(`wrote ${values.out}: ${drawn.boxes} boxes, ${drawn.links} links${drawn.notes.map((n) => `\n  note: ${n}`).join('')}\n`);
      } catch (e) {
        if (e instanceof FocusNotFound) throw new UsageError(e.message);
        throw e;
      }
    }
    return 0;
  }
  throw new UsageError(`unknown command ${JSON.stringify(command)} (try --help)`);
}

/** One clear line on stderr; the exit code says usage (2) or failure (1). */
function fail(e: unknown): number {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`devstack-net: ${message.split('\n', 1)[0]}\n`);
  return e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
}

if (require.main === module) {
  // Exit only after stdout is flushed: a big snapshot into a pipe must not be cut short.
  const exit = (code: number) => process.stdout.write('', () => process.exit(code));
  main(process.argv.slice(2)).then(exit, (e: unknown) => exit(fail(e)));
}
