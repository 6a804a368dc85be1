// Open vSwitch started by hand (no systemd): our own database, userspace datapath.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exec } from './exec';
import { ensureDir, readLedger, record } from './ledger';
import { paths } from './paths';
import { listProcesses } from './processes';

const dbFile = path.join(paths.ovsDir, 'conf.db');
const dbSock = path.join(paths.ovsRunDir, 'db.sock');
const serverPid = path.join(paths.ovsRunDir, 'ovsdb-server.pid');
const switchPid = path.join(paths.ovsRunDir, 'ovs-vswitchd.pid');
const schema = '/usr/share/openvswitch/vswitch.ovsschema';

export const ovsEnv: NodeJS.ProcessEnv = {
  ...process.env,
  OVS_RUNDIR: paths.ovsRunDir,
  OVS_DBDIR: paths.ovsDir,
  OVS_LOGDIR: paths.ovsDir,
};

export function vsctl(args: string[], allowFail = false): string {
  return exec(['ovs-vsctl', `--db=unix:${dbSock}`, '--timeout=120', ...args], { env: ovsEnv, allowFail }).stdout;
}

/** The pid in a pid file if that process is alive and runs `program`. */
export function livePid(pidFile: string, program: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return !isGone(pid) && processName(pid) === program.slice(0, 15) ? pid : null;
}

/** The kernel's name for a process (/proc/pid/comm); survives setproctitle (sshd rewrites argv). */
export function processName(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

export function ovsRunning(): boolean {
  return livePid(serverPid, 'ovsdb-server') !== null && livePid(switchPid, 'ovs-vswitchd') !== null;
}

function recordedOvsPids(): { server: number; vswitchd: number }[] {
  return readLedger().flatMap((e) => (e.kind === 'ovs-pids' ? [e] : []));
}

export function startOvs(): void {
  if (ovsRunning()) {
    const { server, vswitchd } = ovsDaemonPids();
    if (recordedOvsPids().some((o) => o.server === server && o.vswitchd === vswitchd)) return;
    throw new Error(`an Open vSwitch that is not the lab's is running (ovsdb-server pid ${server}, ovs-vswitchd pid ${vswitchd}); stop it first`);
  }
  if (livePid(serverPid, 'ovsdb-server') === null) {
    // somebody else's OVS: refuse rather than break it
    // (zombies of our last run, which pid 1 reaps late here, do not count)
    const other = listProcesses().filter((p) => p.name === 'ovsdb-server').map((p) => p.pid);
    if (other.length > 0) throw new Error(`an ovsdb-server that is not the lab's is running (pid ${other.join(', ')}); stop it first`);
  }
  ensureDir(paths.ovsRunDir);
  ensureDir(paths.ovsDir);
  record({ kind: 'ovs-daemons' });
  if (!fs.existsSync(dbFile)) exec(['ovsdb-tool', 'create', dbFile, schema]);
  if (livePid(serverPid, 'ovsdb-server') === null) {
    exec(
      ['ovsdb-server', dbFile, `--remote=punix:${dbSock}`, '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
        `--pidfile=${serverPid}`, '--detach', `--log-file=${path.join(paths.ovsDir, 'ovsdb-server.log')}`],
      { env: ovsEnv },
    );
  }
  vsctl(['--no-wait', 'init']);
  // what ovs-ctl records at start, so `ovs-vsctl show` ends with ovs_version like on a real node
  const version = /(\d+\.\d+\.\d+)/.exec(exec(['ovs-vswitchd', '--version']).stdout)?.[1] ?? 'unknown';
  const dbVersion = exec(['ovsdb-tool', 'schema-version', schema]).stdout.trim();
  vsctl(['--no-wait', 'set', 'Open_vSwitch', '.', `ovs_version="${version}"`, `db_version="${dbVersion}"`,
    `external_ids:hostname="${os.hostname()}"`, `external_ids:rundir="${paths.ovsRunDir}"`]);
  if (livePid(switchPid, 'ovs-vswitchd') === null) {
    exec(
      ['ovs-vswitchd', `unix:${dbSock}`, `--pidfile=${switchPid}`, '--detach',
        `--log-file=${path.join(paths.ovsDir, 'ovs-vswitchd.log')}`],
      { env: ovsEnv },
    );
  }
  const started = ovsDaemonPids();
  record({ kind: 'ovs-pids', server: started.server ?? -1, vswitchd: started.vswitchd ?? -1 });
}

/** Gone or a zombie (pid 1 here may reap late). */
export function isGone(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitGone(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (isGone(pid)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function stopPid(pid: number | null, ms = 5000): Promise<void> {
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  await waitGone(pid, ms);
}

/** Stops the daemons whose pids the ledger recorded (and only those), then removes their files. */
export async function stopOvs(ours: readonly { server: number; vswitchd: number }[] | 'started-unrecorded'): Promise<void> {
  const vswitchd = livePid(switchPid, 'ovs-vswitchd');
  const server = livePid(serverPid, 'ovsdb-server');
  const isOurs = (pid: number | null, key: 'server' | 'vswitchd') => pid !== null && (ours === 'started-unrecorded' || ours.some((o) => o[key] === pid));
  if ((vswitchd !== null && !isOurs(vswitchd, 'vswitchd')) || (server !== null && !isOurs(server, 'server'))) return; // another OVS now
  await stopPid(vswitchd);
  await stopPid(server);
  for (const file of [dbSock, serverPid, switchPid, dbFile]) fs.rmSync(file, { force: true });
  for (const leftover of fs.existsSync(paths.ovsRunDir) ? fs.readdirSync(paths.ovsRunDir) : []) {
    if (/^(ovsdb-server|ovs-vswitchd)\.\d+\.ctl$|\.mgmt$|\.snoop$/.test(leftover)) {
      fs.rmSync(path.join(paths.ovsRunDir, leftover), { force: true });
    }
  }
}

export function ovsDaemonPids(): { server: number | null; vswitchd: number | null } {
  return { server: livePid(serverPid, 'ovsdb-server'), vswitchd: livePid(switchPid, 'ovs-vswitchd') };
}
