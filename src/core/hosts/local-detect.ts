// Does this machine look like a Neutron node? Cheap, read-only checks with no
// process started: /run/netns entries, an ovs-vsctl on the PATH (or in the sbin
// dirs), and neutron / OVN / Open vSwitch processes in /proc. The answer keeps
// its evidence, so the welcome view and the log can say why "This machine" is offered.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LocalEvidence {
  /** True when at least one piece of Neutron plumbing was seen. */
  readonly neutron: boolean;
  /** What was seen, in words ("3 network namespaces in /run/netns", "ovs-vsctl at /usr/bin/ovs-vsctl", …). */
  readonly evidence: readonly string[];
}

/** What the detector reads; the real file system by default, a fake in tests. */
export interface DetectSources {
  readonly platform: string;
  readonly pathEnv: string;
  readdir(dir: string): string[];
  readFile(file: string): string;
  isExecutable(file: string): boolean;
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
/** Process names (from /proc/<pid>/comm, at most 15 characters) that belong to Neutron, OVN or OVS. */
const PROCESS = /^(neutron-|ovn-|ovsdb-server$|ovs-vswitchd$)/;
/** Enough to find a daemon on a busy node without reading thousands of files. */
const MAX_PROCESSES = 5000;

export const realSources: DetectSources = {
  platform: process.platform,
  pathEnv: process.env.PATH ?? '',
  readdir: (dir) => fs.readdirSync(dir),
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  isExecutable: (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

export function detectNeutron(src: DetectSources = realSources): LocalEvidence {
  if (src.platform !== 'linux') return { neutron: false, evidence: [] };
  const evidence: string[] = [];

  const namespaces = attempt(() => src.readdir('/run/netns'), []);
  if (namespaces.length > 0) {
    evidence.push(`${namespaces.length} network namespace${namespaces.length === 1 ? '' : 's'} in /run/netns`);
  }

  const dirs = [...new Set([...src.pathEnv.split(':').filter(Boolean), ...SBIN])];
  const ovs = dirs.map((d) => path.join(d, 'ovs-vsctl')).find((f) => src.isExecutable(f));
  if (ovs) evidence.push(`ovs-vsctl at ${ovs}`);

  const names = new Set<string>();
  const pids = attempt(() => src.readdir('/proc'), []).filter((e) => /^\d+$/.test(e)).slice(0, MAX_PROCESSES);
  for (const pid of pids) {
    const comm = attempt(() => src.readFile(`/proc/${pid}/comm`).trim(), '');
    if (PROCESS.test(comm)) names.add(comm);
  }
  if (names.size > 0) evidence.push(`running: ${[...names].sort().join(', ')}`);

  return { neutron: evidence.length > 0, evidence };
}

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
