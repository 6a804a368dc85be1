// The security-group chains of one instance port (iptables_hybrid), found from the
// real rules: physdev matches on tap<port[:11]> lead to the per-port chains.
import type { IptablesRule, IptablesTable } from '../parse/types';
import { buildChainGraph, jumpPath, jumpTarget, type ChainGraph } from './graph';
import { isSgFallback, isTrustedPortRule, portChain, tapName, type PortChainKind } from './neutron-names';

export interface PathStep {
  readonly chain: string;
  /** 'path': on the way to the port chain; 'detour': jumped to first and returned from. */
  readonly kind: 'path' | 'detour';
}

export interface PortSgPath {
  readonly portPrefix: string;
  /** The device the rules match on (tap<port[:11]>). */
  readonly tap: string;
  /** Agent chain prefix found: "neutron-openvswi-", "quantum-openvswi-", … */
  readonly chainPrefix: string | null;
  readonly inbound: string | null;
  readonly outbound: string | null;
  readonly spoofing: string | null;
  /** The chain the port chains fall back to (…-sg-fallback). */
  readonly fallback: string | null;
  /** FORWARD → … → the inbound chain, with detours (neutron-filter-top) in order. */
  readonly path: readonly PathStep[];
  /** Every rule that matches the tap with --physdev-in/--physdev-out. */
  readonly dispatchRules: readonly IptablesRule[];
}

const mentionsTap = (rule: IptablesRule, tap: string): boolean => rule.physdevIn === tap || rule.physdevOut === tap;

/** The i/o/s chains of the port named by jump targets (even when a filtered capture does not declare them). */
function portChainsFrom(rules: readonly IptablesRule[], prefix10: string): Map<PortChainKind, string> {
  const found = new Map<PortChainKind, string>();
  for (const rule of rules) {
    const port = rule.target === null ? null : portChain(rule.target);
    if (rule.target !== null && port !== null && port.port === prefix10 && !found.has(port.kind)) found.set(port.kind, rule.target);
  }
  return found;
}

/** Without a jump path from FORWARD (a filtered listing): the chain that dispatches to the sg-chain, the sg-chain, the port chain. */
function pathFromDispatch(dispatchRules: readonly IptablesRule[], inbound: string): string[] {
  const toPort = dispatchRules.find((r) => r.target === inbound);
  const toSg = dispatchRules.find((r) => toPort !== undefined && r.target === toPort.chain && r.physdevOut !== null);
  return [toSg?.chain, toPort?.chain, inbound].filter((c): c is string => c !== undefined);
}

/** The chains jumped to before the rule at `index` in `chain` (they run first and return). */
function detoursBefore(graph: ChainGraph, chain: string, next: string): string[] {
  const node = graph.chains.get(chain);
  if (node === undefined) return [];
  const index = node.rules.findIndex((r) => r.target === next);
  return node.rules
    .slice(0, index < 0 ? 0 : index)
    .map((r) => jumpTarget(r, graph.chains))
    .filter((t): t is string => t !== null && t !== next);
}

function withDetours(graph: ChainGraph, chains: readonly string[]): PathStep[] {
  const steps: PathStep[] = [];
  chains.forEach((chain, i) => {
    steps.push({ chain, kind: 'path' });
    const next = chains[i + 1];
    if (next !== undefined) for (const detour of detoursBefore(graph, chain, next)) steps.push({ chain: detour, kind: 'detour' });
  });
  return steps;
}

/** The dispatch path and chains of a port in a filter table; null when no rule mentions its tap. */
export function findPortSgPath(filter: IptablesTable, portPrefix: string): PortSgPath | null {
  const tap = tapName(portPrefix);
  const prefix10 = portPrefix.slice(0, 10);
  const graph = buildChainGraph(filter);
  const dispatchRules = filter.chains.flatMap((c) => c.rules.filter((r) => mentionsTap(r, tap)));
  if (dispatchRules.length === 0) return null;
  const chains = portChainsFrom(dispatchRules, prefix10);
  // The outbound chain jumps to the spoofing chain; it is not matched on the tap itself.
  const outbound = chains.get('outbound') ?? null;
  if (!chains.has('spoofing') && outbound !== null) {
    const spoof = portChainsFrom(graph.chains.get(outbound)?.rules ?? [], prefix10).get('spoofing');
    if (spoof !== undefined) chains.set('spoofing', spoof);
  }
  const inbound = chains.get('inbound') ?? null;
  const start = graph.chains.has('FORWARD') ? 'FORWARD' : null;
  const pathChains = inbound === null ? null : (start !== null ? jumpPath(graph, start, inbound) : null) ?? pathFromDispatch(dispatchRules, inbound);
  const anyPortChain = inbound ?? outbound;
  const fallback = [inbound, outbound]
    .flatMap((c) => (c === null ? [] : graph.chains.get(c)?.rules ?? []))
    .map((r) => r.target)
    .find((t): t is string => t !== null && isSgFallback(t));
  return {
    portPrefix,
    tap,
    chainPrefix: anyPortChain === null ? null : portChain(anyPortChain)?.prefix ?? null,
    inbound,
    outbound,
    spoofing: chains.get('spoofing') ?? null,
    fallback: fallback ?? null,
    path: pathChains === null ? [] : withDetours(graph, pathChains),
    dispatchRules,
  };
}

/** Every instance port (port[:11]) that has physdev dispatch rules in the table (trusted DHCP/router ports have none). */
export function portsInTable(filter: IptablesTable): string[] {
  const ports = new Set<string>();
  for (const chain of filter.chains) {
    for (const rule of chain.rules) {
      if (isTrustedPortRule(rule)) continue;
      for (const dev of [rule.physdevIn, rule.physdevOut]) {
        const m = dev === null ? null : /^tap([0-9a-f]{8}-[0-9a-f]{2})$/.exec(dev);
        if (m) ports.add(m[1] as string);
      }
    }
  }
  return [...ports].sort();
}
