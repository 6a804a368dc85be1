// Builds an IptablesDump table by table and chain by chain (Map lookups, insertion order kept).
import type { Counters, IptablesChain, IptablesDump, IptablesRule } from './types';

/** A rule under construction: every field of IptablesRule, writable. */
export type RuleDraft = { -readonly [K in keyof IptablesRule]-?: IptablesRule[K] };

interface ChainDraft {
  name: string;
  policy: string | null;
  counters: Counters | null;
  rules: IptablesRule[];
}

export const BUILTIN_CHAINS = new Set(['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING']);

export class DumpBuilder {
  /**
   * Never collected, on purpose: V8 forgets the hidden class of a class instance once no instance is alive,
   * and throws away all parser code optimized for it; a GC between two parses then cost a re-optimization.
   */
  static readonly shapeKeeper = new DumpBuilder();

  private readonly tables = new Map<string, Map<string, ChainDraft>>();
  variant: string | null = null;
  version: string | null = null;

  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<readonly string[], Map<string, readonly string[]>>();
  private readonly stateLists = new Map<string, readonly string[]>();
  private last: ChainDraft | null = null;
  private lastTable = '';

  /** The chain, created on first use (grep-filtered output references undeclared chains). */
  chain(table: string, name: string): ChainDraft {
    // Consecutive rules mostly share a chain: skip the two map lookups then.
    if (this.last !== null && this.last.name === name && this.lastTable === table) return this.last;
    let chains = this.tables.get(table);
    if (!chains) {
      chains = new Map();
      this.tables.set(table, chains);
    }
    let chain = chains.get(name);
    if (!chain) {
      chain = { name, policy: null, counters: null, rules: [] };
      chains.set(name, chain);
    }
    this.last = chain;
    this.lastTable = table;
    return chain;
  }

  /** The chain named by `text.slice(start, end)`; no new string while rules stay in the last chain. */
  chainAt(table: string, text: string, start: number, end: number): ChainDraft {
    const last = this.last;
    if (last !== null && last.name.length === end - start && this.lastTable === table && text.startsWith(last.name, start)) return last;
    return this.chain(table, text.slice(start, end));
  }

  /** One string object per distinct value (targets, protocols, match names repeat in every other rule). */
  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  /** `list` plus `item`, as one shared frozen array per distinct sequence (`-m physdev -m comment` …). */
  extend(list: readonly string[], item: string): readonly string[] {
    let next = this.lists.get(list);
    if (next === undefined) this.lists.set(list, (next = new Map()));
    let longer = next.get(item);
    if (longer === undefined) next.set(item, (longer = Object.freeze([...list, item])));
    return longer;
  }

  /** `RELATED,ESTABLISHED` → one shared frozen array per distinct state list. */
  states(text: string): readonly string[] {
    let list = this.stateLists.get(text);
    if (list === undefined) this.stateLists.set(text, (list = Object.freeze(text.split(','))));
    return list;
  }

  hasTable(table: string): boolean {
    return this.tables.has(table);
  }

  /** Declares a table with no chains yet (`*nat` followed by COMMIT). */
  table(table: string): void {
    if (!this.tables.has(table)) this.tables.set(table, new Map());
  }

  build(): IptablesDump {
    return {
      tables: [...this.tables].map(([name, chains]) => ({ name, chains: [...chains.values()] as IptablesChain[] })),
      variant: this.variant,
      version: this.version,
    };
  }
}

/** Shared, frozen empties: most rules have no target options or matches, so they allocate none. */
export const NO_OPTIONS: Readonly<Record<string, string>> = Object.freeze({});
export const NO_MATCHES: readonly string[] = Object.freeze([]);

/** A rule with every field empty; parsers fill what the line gives. */
export function emptyRule(table: string, chain: string, raw: string): RuleDraft {
  return {
    table, chain, target: null, goto: false, protocol: null, source: null, destination: null,
    inInterface: null, outInterface: null, states: null, sourcePorts: null, destinationPorts: null,
    icmpType: null, physdevIn: null, physdevOut: null, physdevIsBridged: false, ipset: null, mark: null,
    macSource: null, comment: null, targetOptions: NO_OPTIONS, counters: null, statesNegated: false, matches: NO_MATCHES,
    lineNumber: null, raw,
  };
}
