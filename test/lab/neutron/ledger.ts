// The Neutron lab's own ledger (/run/devstack-neutron-lab/ledger.jsonl), written BEFORE each step.
// It is apart from the fast lab's ledger, so that lab's `down` (even an older copy of it) never
// orphans our daemons, and each lab can see that the other one is up. Objects made with the fast
// lab's helpers (users, sshd, Open vSwitch) stay in that ledger; down() reads both.
import * as fs from 'node:fs';
import { readJsonLines, type LedgerEntry } from '../ledger';
import { npaths } from './paths';

export type NeutronLedgerEntry =
  /** first line: which back end; its presence means "the Neutron lab is up (or half up)" */
  | { kind: 'neutron'; backend: string }
  /** a daemon we started, in its own process group; `start` is /proc/<pid>/stat field 22 (guards pid reuse) */
  | { kind: 'daemon'; name: string; pid: number; start: string; log: string }
  /** processes our agents spawn that leave their process group (dnsmasq, haproxy, privsep-helper) */
  | { kind: 'process-marker'; program: string; marker: string }
  /** iptables/ip6tables chains the OVS agent makes in the root namespace (it names them all with this prefix) */
  | { kind: 'chain-prefix'; prefix: string }
  /** OVN's run directory, where our NB/SB sockets and control sockets live */
  | { kind: 'ovn-dbs'; dir: string }
  /** namespaces, root devices and OVS bridges Neutron or we make (the fast lab's down removes them) */
  | Extract<LedgerEntry, { kind: 'netns' | 'links' | 'ovs-bridges' | 'dir' }>;

export function recordNeutron(entry: NeutronLedgerEntry): void {
  fs.mkdirSync(npaths.dir, { recursive: true });
  fs.appendFileSync(npaths.ledger, JSON.stringify(entry) + '\n');
}

export function readNeutronLedger(): NeutronLedgerEntry[] {
  return readJsonLines<NeutronLedgerEntry>(npaths.ledger);
}

/** The back end of the Neutron lab that is up (or half up), or null. */
export function neutronLabBackend(): string | null {
  const e = readNeutronLedger().find((x) => x.kind === 'neutron');
  return e && e.kind === 'neutron' ? e.backend : null;
}
