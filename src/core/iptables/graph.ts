// The chain graph of one table: which chain jumps where, and who jumps here.
import type { Counters, IptablesChain, IptablesDump, IptablesRule, IptablesTable } from '../parse/types';

const BUILTIN_CHAINS = new Set(['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING']);

export interface JumpRef {
  /** The chain holding the jump. */
  readonly chain: string;
  /** 0-based index of the rule in that chain. */
  readonly ruleIndex: number;
  readonly goto: boolean;
}

export interface ChainNode {
  readonly name: string;
  readonly builtin: boolean;
  readonly policy: string | null;
  readonly counters: Counters | null;
  readonly ruleCount: number;
  /** User chains this chain jumps to, in rule order, without repeats. */
  readonly jumpsTo: readonly string[];
  /** The rules (elsewhere) that jump to this chain. */
  readonly referencedBy: readonly JumpRef[];
  readonly rules: readonly IptablesRule[];
}

export interface ChainGraph {
  readonly table: string;
  readonly chains: ReadonlyMap<string, ChainNode>;
}

export function isBuiltinChain(chain: Pick<IptablesChain, 'name' | 'policy'>): boolean {
  return chain.policy !== null || BUILTIN_CHAINS.has(chain.name);
}

/** The user chain a rule jumps (or goes) to, or null for ACCEPT/DROP/DNAT/… and unknown targets. */
export function jumpTarget(rule: IptablesRule, chainNames: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | null {
  return rule.target !== null && chainNames.has(rule.target) ? rule.target : null;
}

export function buildChainGraph(table: IptablesTable): ChainGraph {
  const names = new Set(table.chains.map((c) => c.name));
  const referencedBy = new Map<string, JumpRef[]>();
  for (const chain of table.chains) {
    chain.rules.forEach((rule, ruleIndex) => {
      const target = jumpTarget(rule, names);
      if (target === null) return;
      const refs = referencedBy.get(target) ?? [];
      refs.push({ chain: chain.name, ruleIndex, goto: rule.goto });
      referencedBy.set(target, refs);
    });
  }
  const chains = new Map<string, ChainNode>();
  for (const chain of table.chains) {
    const jumpsTo = [...new Set(chain.rules.map((r) => jumpTarget(r, names)).filter((t): t is string => t !== null))];
    chains.set(chain.name, {
      name: chain.name,
      builtin: isBuiltinChain(chain),
      policy: chain.policy,
      counters: chain.counters,
      ruleCount: chain.rules.length,
      jumpsTo,
      referencedBy: referencedBy.get(chain.name) ?? [],
      rules: chain.rules,
    });
  }
  return { table: table.name, chains };
}

/**
 * The shortest jump path from `from` to `to` (both included), or null.
 * Only real jumps count: a chain is reachable when a rule of the previous chain targets it.
 */
export function jumpPath(graph: ChainGraph, from: string, to: string): string[] | null {
  if (!graph.chains.has(from) || !graph.chains.has(to)) return null;
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (current === to) break;
    for (const next of graph.chains.get(current)?.jumpsTo ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, current);
      queue.push(next);
    }
  }
  if (!previous.has(to)) return null;
  const path: string[] = [];
  for (let at: string | null = to; at !== null; at = previous.get(at) ?? null) path.unshift(at);
  return path;
}

export function findTable(dump: IptablesDump | null, name: string): IptablesTable | undefined {
  return dump?.tables.find((t) => t.name === name);
}

/** Tables in the conventional order: filter, nat, mangle, raw, security, then others. */
export function orderedTables(dump: IptablesDump): IptablesTable[] {
  const order = ['filter', 'nat', 'mangle', 'raw', 'security'];
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...dump.tables].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
