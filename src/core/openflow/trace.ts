// `ovs-appctl ofproto/trace`, in both formats Open vSwitch has printed.
//
// Modern (OVS 2.7+):                               Old (OVS 2.6 and before), nested by indentation:
//   Flow: icmp,in_port=15,…                          Bridge: br-tun
//                                                    Flow: in_port=3,tun_id=0x4d,…
//   bridge("br-int")                                 Rule: table=0 cookie=0x8a7d… priority=1,in_port=3
//   ----------------                                 OpenFlow actions=goto_table:4
//    0. in_port=15, priority 100                             Rule: table=4 cookie=… priority=1,tun_id=0x4d
//       set_field:0xe->reg13                                 OpenFlow actions=push_vlan:0x8100,…
//       resubmit(,8)
//    8. reg14=0x6,…, priority 50, cookie 0x51155ce9
//        -> annotation
//   25. No match.
//       drop
//   Final flow: … / Megaflow: … / Datapath actions: …
//   ===== recirc(0x8ff5) - resume conntrack with default ct_state=trk|new … =====   (then a second pass)
import { ParseError } from '../parse/errors';
import { clip, guard, splitLines } from '../parse/lines';
import { splitTopLevel } from './split';

export interface TraceStep {
  /** 1-based line of the step in the parsed text. */
  readonly line: number;
  readonly table: number;
  /** The matched flow's match (priority and cookie taken out); '' for a match-all flow or no match. */
  readonly match: string;
  readonly priority: number | null;
  readonly cookie: string | null;
  /** `N. No match.`: the table had no flow for the packet. */
  readonly noMatch: boolean;
  /** The flow's actions as traced (one per line in the modern format). */
  readonly actions: readonly string[];
  /** `-> …` annotations and other explanatory lines under the step. */
  readonly notes: readonly string[];
  /** Nesting depth (indentation / 4 in the modern format, / 8 in the old one). */
  readonly depth: number;
}

export interface TraceBridge {
  /** null when the output does not say (the old format piped through grep). */
  readonly bridge: string | null;
  readonly steps: readonly TraceStep[];
  /** Lines under the bridge before its first step (`thaw`, `Resuming from table 14`). */
  readonly notes: readonly string[];
}

export interface TracePass {
  /** `Flow:` of this pass. */
  readonly flow: string | null;
  /** The recirculation banner that started this pass (`recirc(0x8ff5) - resume conntrack …`), null for the first. */
  readonly recirculation: string | null;
  readonly bridges: readonly TraceBridge[];
  readonly finalFlow: string | null;
  readonly megaflow: string | null;
  readonly datapathActions: string | null;
  /** Lines that are none of the above (slow-path explanations, warnings). */
  readonly notes: readonly string[];
}

export interface OfprotoTrace {
  readonly format: 'modern' | 'old';
  readonly passes: readonly TracePass[];
}

interface MutableStep { line: number; table: number; match: string; priority: number | null; cookie: string | null; noMatch: boolean; actions: string[]; notes: string[]; depth: number }
interface MutableBridge { bridge: string | null; steps: MutableStep[]; notes: string[] }
interface MutablePass { flow: string | null; recirculation: string | null; bridges: MutableBridge[]; finalFlow: string | null; megaflow: string | null; datapathActions: string | null; notes: string[] }

const STEP = /^( *)(\d+)\. (.*)$/;
const BRIDGE = /^\s*bridge\("(.*)"\)\s*$/;
const RULE = /^( *)Rule: table=(\d+) cookie=(0x[0-9a-fA-F]+)(?: priority=(\d+))?,?(.*)$/;
const OLD_ACTIONS = /^( *)OpenFlow actions=(.*)$/;
const TAIL: readonly [string, 'finalFlow' | 'megaflow' | 'datapathActions'][] = [
  ['Final flow: ', 'finalFlow'],
  ['Megaflow: ', 'megaflow'],
  ['Relevant fields: ', 'megaflow'],
  ['Datapath actions: ', 'datapathActions'],
];

/** Parses ofproto/trace output; throws ParseError when it is neither format. */
export function parseOfprotoTrace(text: string, source = 'ovs-appctl ofproto/trace'): OfprotoTrace {
  return guard(source, () => {
    if (typeof text !== 'string') throw new ParseError(source, null, 'no text');
    const lines = splitLines(text).map((l) => l.replace(/\t/g, '        ').trimEnd());
    const passes: MutablePass[] = [];
    let pass: MutablePass | null = null;
    let bridge: MutableBridge | null = null;
    let step: MutableStep | null = null;
    let format: 'modern' | 'old' | null = null;
    let banner = false;
    let pendingBridge: string | null = null;
    let pendingRecirc: string | null = null;

    const newPass = (): MutablePass => {
      const p: MutablePass = { flow: null, recirculation: pendingRecirc, bridges: [], finalFlow: null, megaflow: null, datapathActions: null, notes: [] };
      pendingRecirc = null;
      passes.push(p);
      bridge = null;
      step = null;
      return p;
    };
    const currentPass = (): MutablePass => pass ?? (pass = newPass());
    const currentBridge = (): MutableBridge => {
      const p = currentPass();
      if (bridge === null) {
        bridge = { bridge: pendingBridge, steps: [], notes: [] };
        p.bridges.push(bridge);
      }
      return bridge;
    };

    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const lineNo = i + 1;
      const t = line.trim();
      if (t.length === 0) continue;
      if (/^={10,}$/.test(t)) {
        banner = !banner;
        continue;
      }
      if (banner) {
        // The recirculation banner: a new pass starts.
        pendingRecirc = t;
        pass = null;
        bridge = null;
        step = null;
        continue;
      }
      if (/^-{4,}$/.test(t)) continue;
      if (t.startsWith('Flow: ') && line.startsWith('Flow: ')) {
        if (pass === null || pass.flow !== null || pass.bridges.length > 0) pass = newPass();
        pass.flow = t.slice(6);
        continue;
      }
      if (line.startsWith('Bridge: ')) {
        pendingBridge = t.slice(8);
        if (pass !== null && pass.bridges.length > 0) pass = null;
        bridge = null;
        continue;
      }
      const tail = TAIL.find(([p]) => line.startsWith(p));
      if (tail) {
        currentPass()[tail[1]] = line.slice(tail[0].length);
        step = null;
        continue;
      }
      const b = BRIDGE.exec(line);
      if (b) {
        format ??= 'modern';
        pendingBridge = b[1];
        bridge = null;
        currentBridge();
        step = null;
        continue;
      }
      const s = format !== 'old' ? STEP.exec(line) : null;
      if (s) {
        format = 'modern';
        const rest = s[3];
        const st: MutableStep = { line: lineNo, table: Number(s[2]), match: '', priority: null, cookie: null, noMatch: false, actions: [], notes: [], depth: Math.floor(s[1].length / 4) };
        if (/^No match\.?$/.test(rest)) st.noMatch = true;
        else {
          const m = /^(?:(.*?),? )?priority (\d+)(?:, cookie (0x[0-9a-fA-F]+))?$/.exec(rest);
          if (!m) throw new ParseError(source, lineNo, `a trace step without its priority: ${JSON.stringify(clip(t))}`);
          st.match = m[1] ?? '';
          st.priority = Number(m[2]);
          st.cookie = m[3] ?? null;
        }
        currentBridge().steps.push(st);
        step = st;
        continue;
      }
      const r = format !== 'modern' ? RULE.exec(line) : null;
      if (r) {
        format = 'old';
        const st: MutableStep = {
          line: lineNo, table: Number(r[2]), match: r[5], priority: r[4] === undefined ? null : Number(r[4]), cookie: r[3],
          noMatch: false, actions: [], notes: [], depth: Math.floor(r[1].length / 8),
        };
        currentBridge().steps.push(st);
        step = st;
        continue;
      }
      const oa = format === 'old' ? OLD_ACTIONS.exec(line) : null;
      if (oa) {
        if (step === null) throw new ParseError(source, lineNo, 'OpenFlow actions without a Rule');
        step.actions.push(...splitTopLevel(oa[2]));
        continue;
      }
      if (format === 'old' && /^\s*No match$/.test(line)) {
        const depth = Math.floor((line.length - line.trimStart().length) / 8);
        const st: MutableStep = { line: lineNo, table: step?.table ?? -1, match: '', priority: null, cookie: null, noMatch: true, actions: [], notes: [], depth };
        currentBridge().steps.push(st);
        step = st;
        continue;
      }
      if (line.startsWith(' ') && step !== null) {
        // Under a step: an action, or an annotation (`-> …`, `>> …`, old `Resubmitted …`).
        if (/^(->|>>|Resubmitted |Recirculating)/.test(t) || format === 'old') step.notes.push(t);
        else step.actions.push(t);
        continue;
      }
      if (line.startsWith(' ') && bridge !== null) {
        (bridge as MutableBridge).notes.push(t);
        continue;
      }
      currentPass().notes.push(t);
    }

    if (format === null && !passes.some((p) => p.flow !== null && (p.datapathActions !== null || p.finalFlow !== null))) {
      const first = lines.find((l) => l.trim().length > 0);
      throw new ParseError(source, null, first === undefined ? 'empty output' : `not ofproto/trace output: ${JSON.stringify(clip(first.trim()))}`);
    }
    if (format === 'modern' && passes.length > 0 && passes[0].flow === null) {
      throw new ParseError(source, 1, 'trace without its Flow: line (truncated at the start?)');
    }
    return { format: format ?? 'modern', passes };
  });
}

/** All steps of all passes in order, with the bridge they ran in. */
export function traceSteps(trace: OfprotoTrace): { bridge: string | null; pass: number; step: TraceStep }[] {
  const out: { bridge: string | null; pass: number; step: TraceStep }[] = [];
  trace.passes.forEach((p, k) => {
    for (const b of p.bridges) for (const step of b.steps) out.push({ bridge: b.bridge, pass: k, step });
  });
  return out;
}
