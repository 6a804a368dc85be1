// Takes the Neutron lab down, touching only what its ledger (and the fast lab's) recorded: its
// daemons by pid, what its agents spawned by marker, the OVS agent's chains and ipsets, OVN's
// sockets; then the fast lab's down() for namespaces, devices, OVS, sshd, users and files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec } from '../exec';
import { removeChainsRestore } from '../firewall';
import { down } from '../down';
import type { LedgerEntry } from '../ledger';
import { stopPid } from '../ovs';
import { liveDaemons, markedProcesses, stopDaemons } from './daemons';
import { readNeutronLedger } from './ledger';
import { npaths } from './paths';

const tools = ['iptables', 'ip6tables'] as const;
const tables = ['filter', 'nat', 'mangle', 'raw'] as const;

export function chainPrefixes(): string[] {
  return readNeutronLedger().flatMap((e) => (e.kind === 'chain-prefix' ? [e.prefix] : []));
}

/** Root-namespace chains whose names start with a recorded prefix, as "tool table chain". */
export function prefixedChains(prefixes: readonly string[] = chainPrefixes()): string[] {
  const out: string[] = [];
  if (prefixes.length === 0) return out;
  for (const tool of tools) {
    for (const table of tables) {
      for (const line of exec([tool, '-t', table, '-S'], { allowFail: true }).stdout.split('\n')) {
        const m = /^-N (\S+)$/.exec(line);
        if (m && prefixes.some((p) => m[1].startsWith(p))) out.push(`${tool} ${table} ${m[1]}`);
      }
    }
  }
  return out;
}

/** The OVS agent's ipsets (remote-group rules): NIPv4<sg>/NIPv6<sg>, only if its chain prefix is ours. */
export function agentIpsets(): string[] {
  if (chainPrefixes().length === 0) return [];
  return exec(['ipset', 'list', '-n'], { allowFail: true }).stdout.split('\n').filter((n) => /^NIPv[46][0-9a-f-]+$/.test(n));
}

function removeChains(): void {
  const prefixes = chainPrefixes();
  if (prefixes.length === 0) return;
  for (const tool of tools) {
    for (const table of tables) {
      const live = exec([tool, '-t', table, '-S'], { allowFail: true }).stdout;
      const ours = new Set(live.split('\n').flatMap((l) => /^-N (\S+)$/.exec(l)?.slice(1) ?? []).filter((c) => prefixes.some((p) => c.startsWith(p))));
      const restore = removeChainsRestore(table, live, ours);
      if (restore) exec([`${tool}-restore`, '--noflush'], { input: restore, allowFail: true });
    }
  }
}

export async function neutronDown(log: (m: string) => void = () => {}): Promise<void> {
  const ledger = readNeutronLedger();
  if (ledger.length > 0) {
    await stopDaemons(liveDaemons());
    await Promise.all(markedProcesses().map((p) => stopPid(p.pid, 3000)));
    removeChains();
    // an ipset stays "in use" for a moment after the last rule naming it is gone
    for (let i = 0; i < 20 && agentIpsets().length > 0; i++) {
      for (const set of agentIpsets()) exec(['ipset', 'destroy', set], { allowFail: true });
      if (agentIpsets().length > 0) await new Promise((r) => setTimeout(r, 250));
    }
    for (const e of ledger) {
      if (e.kind !== 'ovn-dbs') continue;
      const ours = /^(ovn[ns]b_db\.(sock|ctl)|(ovn-northd|ovn-controller)(\.\d+\.ctl|\.pid))$/;
      for (const f of fs.existsSync(e.dir) ? fs.readdirSync(e.dir) : []) if (ours.test(f)) fs.rmSync(path.join(e.dir, f), { force: true });
    }
    log('  neutron daemons stopped, chains and ipsets removed');
  }
  const shared = ledger.filter((e): e is Extract<LedgerEntry, { kind: 'netns' | 'links' | 'ovs-bridges' | 'dir' }> =>
    e.kind === 'netns' || e.kind === 'links' || e.kind === 'ovs-bridges' || e.kind === 'dir');
  await down(log, shared);
  fs.rmSync(npaths.dir, { recursive: true, force: true });
}
