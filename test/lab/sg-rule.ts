// A security-group rule of the fast lab's instance port, removed and put back the way the OVS agent would
// rewrite the port's inbound chain (used by the tracer's integration and e2e tests). Root only; argv only.
import { requireRoot } from './exec';
import { rootExec } from './control';
import type { Manifest } from './manifest';

/** The seed's "allow tcp 22 in" rule of the port's inbound chain, as iptables -S writes it (after the chain name). */
const SSH_RULE = ['-p', 'tcp', '-m', 'tcp', '--dport', '22', '-j', 'RETURN'];
/** Its place in the chain (after the conntrack and DHCP rules). */
const SSH_RULE_INDEX = '3';

function inboundChain(m: Manifest): string {
  const chain = m.instancePorts[0]?.sgChains.inbound;
  if (!chain) throw new Error('the lab manifest lists no instance port');
  return chain;
}

function check(argv: string[]): void {
  const r = rootExec(argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr.trim()}`);
}

export function hasSshRule(m: Manifest): boolean {
  return rootExec(['iptables', '-C', inboundChain(m), ...SSH_RULE]).code === 0;
}

export function removeSshRule(m: Manifest): void {
  requireRoot('lab control');
  if (hasSshRule(m)) check(['iptables', '-D', inboundChain(m), ...SSH_RULE]);
}

export function restoreSshRule(m: Manifest): void {
  requireRoot('lab control');
  if (!hasSshRule(m)) check(['iptables', '-I', inboundChain(m), SSH_RULE_INDEX, ...SSH_RULE]);
}

/**
 * The fast lab's br-int is fail_mode=secure with no flows (no OVS agent runs), so it drops everything, and
 * ofproto/trace says so. The agent of an iptables_hybrid node programs it to switch NORMAL; this gives the
 * fast lab that one flow, and takes it away again.
 */
export function addAgentNormalFlow(): void {
  requireRoot('lab control');
  check(['ovs-ofctl', 'add-flow', 'br-int', 'priority=0,actions=NORMAL']);
}

export function removeAgentNormalFlow(): void {
  requireRoot('lab control');
  check(['ovs-ofctl', '--strict', 'del-flows', 'br-int', 'priority=0']);
}

/** 1-based index of the first rule of a root filter chain that matches `re`, read from the lab itself. */
export function ruleIndex(chain: string, re: RegExp): number {
  const rules = rootExec(['iptables', '-S', chain]).stdout.split('\n').filter((l: string) => l.startsWith(`-A ${chain} `));
  const i = rules.findIndex((l: string) => re.test(l));
  if (i < 0) throw new Error(`${chain} has no rule matching ${re}`);
  return i + 1;
}
