// Runs a packet through an iptables hook (a built-in chain of one table) the way the kernel does: rules in
// order, jumps and gotos into user chains, RETURN, the built-in chain's policy. A rule the evaluator cannot
// decide (unknown match) splits the walk in two — "if it matches" and "if it does not" — so the caller can
// tell a verdict that does not depend on it from one that does.
import type { IptablesChain, IptablesRule, IptablesTable } from '../parse/types';
import { matchRule, type MatchContext } from './match';
import type { Packet } from './packet';

export interface RuleRef {
  readonly table: string;
  readonly chain: string;
  /** 1-based, as `iptables -L --line-numbers` counts. */
  readonly index: number;
  readonly raw: string;
  readonly target: string | null;
  /** The parsed rule, for explanations. */
  readonly rule: IptablesRule;
}

export type TrailEvent = 'jump' | 'goto' | 'return' | 'continue' | 'decide' | 'policy';

export interface TrailEntry {
  readonly event: TrailEvent;
  readonly chain: string;
  /** null for a chain's end (implicit return or policy). */
  readonly rule: RuleRef | null;
  readonly note: string;
}

export interface Assumption {
  readonly rule: RuleRef;
  readonly matched: boolean;
  readonly reason: string;
}

export interface NatAction {
  readonly kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';
  /** --to-destination / --to-source / --to-ports value as written ("" for MASQUERADE). */
  readonly to: string;
  readonly rule: RuleRef;
}

export type Disposition = 'accept' | 'drop' | 'unknown';

export interface HookOutcome {
  readonly disposition: Disposition;
  /** The rule that decided, or null when the chain's policy did (or nothing could). */
  readonly decidedBy: RuleRef | null;
  /** The built-in chain whose policy decided. */
  readonly policyOf: string | null;
  /** REJECT rather than DROP (the sender hears about it). */
  readonly rejected: boolean;
  readonly nat: NatAction | null;
  /** The packet after the hook (MARK/CONNMARK applied). */
  readonly packet: Packet;
  readonly trail: readonly TrailEntry[];
  readonly assumptions: readonly Assumption[];
  /** Why the outcome is unknown (disposition 'unknown'). */
  readonly reason: string | null;
}

/** Targets that do not end the walk. */
const CONTINUE_TARGETS = new Set(['LOG', 'NFLOG', 'ULOG', 'AUDIT', 'TRACE', 'CT', 'NOTRACK', 'CHECKSUM', 'TCPMSS', 'DSCP', 'TOS', 'CLASSIFY', 'MARK', 'CONNMARK']);
const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT']);
/** Unknown rules per hook before the walk gives up branching. */
const MAX_ASSUMPTIONS = 6;
const MAX_DEPTH = 64;

interface State {
  readonly packet: Packet;
  readonly trail: readonly TrailEntry[];
  readonly assumptions: readonly Assumption[];
}

type Flow =
  | { readonly end: 'return'; readonly state: State }
  | { readonly end: 'final'; readonly state: State; readonly disposition: Disposition; readonly decidedBy: RuleRef | null; readonly rejected: boolean; readonly nat: NatAction | null; readonly reason: string | null };

export function ruleRef(rule: IptablesRule, index: number): RuleRef {
  return { table: rule.table, chain: rule.chain, index: index + 1, raw: rule.raw, target: rule.target, rule };
}

const push = (s: State, e: TrailEntry): State => ({ ...s, trail: [...s.trail, e] });

function final(state: State, disposition: Disposition, decidedBy: RuleRef | null, extra: Partial<{ rejected: boolean; nat: NatAction; reason: string }> = {}): Flow {
  return { end: 'final', state, disposition, decidedBy, rejected: extra.rejected ?? false, nat: extra.nat ?? null, reason: extra.reason ?? null };
}

/** `--set-xmark 0x1/0xffff` and friends on a mark value. */
export function applyMark(value: number, options: Readonly<Record<string, string>>): number | null {
  const parse = (text: string): [number, number] | null => {
    const [v, m] = text.split('/');
    const a = Number(v), b = m === undefined ? 0xffffffff : Number(m);
    return Number.isFinite(a) && Number.isFinite(b) ? [a >>> 0, b >>> 0] : null;
  };
  const xmark = options['--set-xmark'] ?? options['--set-mark'];
  if (xmark !== undefined) {
    const vm = parse(xmark);
    if (vm === null) return null;
    return options['--set-xmark'] !== undefined ? (((value & ~vm[1]) ^ vm[0]) >>> 0) : (((value & ~vm[1]) | vm[0]) >>> 0);
  }
  if (options['--or-mark'] !== undefined) return (value | Number(options['--or-mark'])) >>> 0;
  if (options['--and-mark'] !== undefined) return (value & Number(options['--and-mark'])) >>> 0;
  return null;
}

/** CONNMARK --save-mark / --restore-mark with their masks; null when the options are not understood. */
function applyConnmark(p: Packet, o: Readonly<Record<string, string>>): Packet | null {
  const num = (k: string, d: number) => (o[k] === undefined ? d : Number(o[k]) >>> 0);
  const nfmask = num('--nfmask', 0xffffffff), ctmask = num('--ctmask', 0xffffffff);
  if ('--restore-mark' in o) return { ...p, mark: (((p.mark ?? 0) & ~nfmask) | (p.connmark & ctmask)) >>> 0 };
  if ('--save-mark' in o) return p.mark === null ? null : { ...p, connmark: ((p.connmark & ~ctmask) | (p.mark & nfmask)) >>> 0 };
  const set = applyMark(p.connmark, o);
  return set === null ? null : { ...p, connmark: set };
}

class Walk {
  private readonly chains: Map<string, IptablesChain>;

  constructor(private readonly table: IptablesTable, private readonly ctx: MatchContext) {
    this.chains = new Map(table.chains.map((c) => [c.name, c]));
  }

  /** Runs `name` from rule `from`; a chain's end is a 'return' flow. */
  run(name: string, from: number, state0: State, depth: number): Flow[] {
    const chain = this.chains.get(name);
    if (chain === undefined) return [final(state0, 'unknown', null, { reason: `chain ${name} is not in the ${this.table.name} table` })];
    if (depth > MAX_DEPTH) return [final(state0, 'unknown', null, { reason: `jumps nest deeper than ${MAX_DEPTH} chains (a loop?)` })];
    let state = state0;
    for (let i = from; i < chain.rules.length; i++) {
      const rule = chain.rules[i] as IptablesRule;
      const m = matchRule(rule, state.packet, this.ctx);
      if (m.result === 'no') continue;
      const ref = ruleRef(rule, i);
      if (m.result === 'unknown') {
        const reason = m.reason ?? 'not evaluated';
        if (state.assumptions.length >= MAX_ASSUMPTIONS) {
          return [final(state, 'unknown', ref, { reason: `too many rules the tracer cannot decide; the last: ${reason}` })];
        }
        const ifMatched: State = { ...state, assumptions: [...state.assumptions, { rule: ref, matched: true, reason }] };
        const ifNot: State = { ...state, assumptions: [...state.assumptions, { rule: ref, matched: false, reason }] };
        return [...this.target(chain, i, ref, ifMatched, depth), ...this.run(name, i + 1, ifNot, depth)];
      }
      return this.target(chain, i, ref, state, depth);
    }
    state = push(state, { event: 'return', chain: name, rule: null, note: `end of ${name}` });
    return [{ end: 'return', state }];
  }

  /** The rule at `i` matched: its target, then (if the walk goes on) the rest of the chain. */
  private target(chain: IptablesChain, i: number, ref: RuleRef, state: State, depth: number): Flow[] {
    const rule = chain.rules[i] as IptablesRule;
    const t = rule.target;
    const next = (s: State): Flow[] => this.run(chain.name, i + 1, s, depth);
    if (t === null) return next(push(state, { event: 'continue', chain: chain.name, rule: ref, note: 'no target: counts only' }));
    if (t === 'ACCEPT') return [final(push(state, { event: 'decide', chain: chain.name, rule: ref, note: 'ACCEPT' }), 'accept', ref)];
    if (t === 'DROP' || t === 'REJECT') {
      return [final(push(state, { event: 'decide', chain: chain.name, rule: ref, note: t }), 'drop', ref, { rejected: t === 'REJECT' })];
    }
    if (t === 'RETURN') return [{ end: 'return', state: push(state, { event: 'return', chain: chain.name, rule: ref, note: 'RETURN' }) }];
    if (NAT_TARGETS.has(t)) {
      const to = rule.targetOptions['--to-destination'] ?? rule.targetOptions['--to-source'] ?? rule.targetOptions['--to-ports'] ?? '';
      const nat: NatAction = { kind: t as NatAction['kind'], to, rule: ref };
      return [final(push(state, { event: 'decide', chain: chain.name, rule: ref, note: `${t}${to ? ` to ${to}` : ''}` }), 'accept', ref, { nat })];
    }
    if (t === 'MARK' || t === 'CONNMARK') {
      const packet = t === 'MARK' ? (() => {
        const mark = applyMark(state.packet.mark ?? 0, rule.targetOptions);
        return mark === null ? null : { ...state.packet, mark };
      })() : applyConnmark(state.packet, rule.targetOptions);
      if (packet === null) return [final(state, 'unknown', ref, { reason: `${t} ${Object.keys(rule.targetOptions).join(' ')} is not evaluated` })];
      return next(push({ ...state, packet }, { event: 'continue', chain: chain.name, rule: ref, note: `${t}: mark 0x${(packet.mark ?? 0).toString(16)}, connmark 0x${packet.connmark.toString(16)}` }));
    }
    if (CONTINUE_TARGETS.has(t)) return next(push(state, { event: 'continue', chain: chain.name, rule: ref, note: `${t}: the walk goes on` }));
    if (!this.chains.has(t)) return [final(state, 'unknown', ref, { reason: `target ${t} is neither a known target nor a chain of the ${this.table.name} table` })];
    const event: TrailEvent = rule.goto ? 'goto' : 'jump';
    const inner = this.run(t, 0, push(state, { event, chain: chain.name, rule: ref, note: `${event} to ${t}` }), depth + 1);
    return inner.flatMap((f) => (f.end === 'final' ? [f] : rule.goto ? [f] : next(f.state)));
  }
}

/**
 * The outcomes of one hook (e.g. filter FORWARD) for the packet: one per way the undecidable rules could
 * go (one outcome when there are none).
 */
export function evaluateHook(table: IptablesTable, chain: string, packet: Packet, ctx: MatchContext = {}): HookOutcome[] {
  const found = table.chains.find((c) => c.name === chain);
  const start: State = { packet, trail: [], assumptions: [] };
  if (found === undefined) {
    return [{ disposition: 'accept', decidedBy: null, policyOf: null, rejected: false, nat: null, packet, trail: [], assumptions: [], reason: `no ${chain} chain in the ${table.name} table: nothing filters here` }];
  }
  return new Walk(table, ctx).run(chain, 0, start, 0).map((f): HookOutcome => {
    if (f.end === 'final') {
      return { disposition: f.disposition, decidedBy: f.decidedBy, policyOf: null, rejected: f.rejected, nat: f.nat, packet: f.state.packet, trail: f.state.trail, assumptions: f.state.assumptions, reason: f.reason };
    }
    const policy = found.policy;
    const disposition: Disposition = policy === 'ACCEPT' ? 'accept' : policy === 'DROP' ? 'drop' : 'unknown';
    const trail = [...f.state.trail, { event: 'policy' as const, chain, rule: null, note: `policy ${policy ?? 'not known'}` }];
    return {
      disposition, decidedBy: null, policyOf: chain, rejected: false, nat: null, packet: f.state.packet, trail, assumptions: f.state.assumptions,
      reason: disposition === 'unknown' ? `the policy of ${chain} is not in the ${table.name} dump` : null,
    };
  });
}

/**
 * The outcome to walk on when every outcome lets the packet through but they differ in which rule or NAT
 * decided: the one that assumed no undecidable rule matched (the last). Null when dispositions differ.
 */
export function passingAlike(outcomes: readonly HookOutcome[]): HookOutcome | null {
  if (outcomes.length === 0 || outcomes.some((o) => o.disposition !== 'accept')) return null;
  return outcomes[outcomes.length - 1] as HookOutcome;
}

/** Same disposition, rule and NAT in every outcome: the unknown rules did not matter. */
export function agreed(outcomes: readonly HookOutcome[]): HookOutcome | null {
  const [first, ...rest] = outcomes;
  if (first === undefined || first.disposition === 'unknown') return null;
  const key = (o: HookOutcome) => `${o.disposition}|${o.decidedBy?.chain}|${o.decidedBy?.index}|${o.policyOf}|${o.nat?.kind}|${o.nat?.to}`;
  return rest.every((o) => key(o) === key(first)) ? first : null;
}
