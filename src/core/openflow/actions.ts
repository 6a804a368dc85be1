// What one OpenFlow action does, as data: where it sends the packet next (a table, a port, conntrack), so
// that views can follow jumps and explain flows. The text is what ovs-ofctl prints; unknown actions are kept
// as `other` with their text.

export type Action =
  | { readonly kind: 'resubmit'; readonly table: number | null; readonly port: string | null; readonly text: string }
  | { readonly kind: 'goto'; readonly table: number; readonly text: string }
  | { readonly kind: 'output'; readonly port: string; readonly text: string }
  | { readonly kind: 'normal' | 'drop' | 'flood' | 'all' | 'local' | 'in_port' | 'ct_clear' | 'strip_vlan'; readonly text: string }
  | {
      readonly kind: 'ct';
      readonly commit: boolean;
      /** The table the packet is resubmitted to after conntrack (recirculation), or null. */
      readonly table: number | null;
      /** `3`, or the register holding it (`NXM_NX_REG6[0..15]`), or null. */
      readonly zone: string | null;
      readonly nat: string | null;
      /** Actions inside exec(…), e.g. `load:0x1->NXM_NX_CT_MARK[]`. */
      readonly exec: readonly string[];
      readonly text: string;
    }
  | { readonly kind: 'conjunction'; readonly id: number; readonly clause: number; readonly clauses: number; readonly text: string }
  | { readonly kind: 'load'; readonly value: string; readonly field: string; readonly text: string }
  | { readonly kind: 'move'; readonly from: string; readonly field: string; readonly text: string }
  | { readonly kind: 'set_field'; readonly value: string; readonly field: string; readonly text: string }
  | { readonly kind: 'mod_vlan_vid' | 'push_vlan' | 'mod_dl_src' | 'mod_dl_dst'; readonly value: string; readonly text: string }
  | { readonly kind: 'controller'; readonly options: string; readonly text: string }
  | { readonly kind: 'learn'; readonly table: number | null; readonly text: string }
  | { readonly kind: 'other'; readonly text: string };

import { splitTopLevel } from './split';
import { unquote } from './split';

const SIMPLE: Record<string, Action['kind']> = {
  NORMAL: 'normal',
  normal: 'normal',
  drop: 'drop',
  FLOOD: 'flood',
  ALL: 'all',
  LOCAL: 'local',
  IN_PORT: 'in_port',
  in_port: 'in_port',
  ct_clear: 'ct_clear',
  strip_vlan: 'strip_vlan',
  pop_vlan: 'strip_vlan',
};

const int = (s: string | undefined): number | null => (s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : null);

/** Reads one action as printed by ovs-ofctl. */
export function parseAction(text: string): Action {
  const simple = Object.prototype.hasOwnProperty.call(SIMPLE, text) ? SIMPLE[text] : undefined;
  if (simple !== undefined) return { kind: simple, text } as Action;
  const paren = text.indexOf('(');
  const colon = text.indexOf(':');
  const name = paren > 0 && (colon < 0 || paren < colon) ? text.slice(0, paren) : colon > 0 ? text.slice(0, colon) : text;
  const inner = paren > 0 && text.endsWith(')') ? text.slice(paren + 1, -1) : null;
  const arg = colon > 0 && (paren < 0 || colon < paren) ? text.slice(colon + 1) : null;
  switch (name) {
    case 'resubmit': {
      if (inner !== null) {
        const [port, table] = splitArgs(inner);
        return { kind: 'resubmit', port: port ? unquote(port) : null, table: int(table), text };
      }
      if (arg !== null) return { kind: 'resubmit', port: unquote(arg), table: null, text };
      break;
    }
    case 'goto_table': {
      const t = int(arg ?? undefined);
      if (t !== null) return { kind: 'goto', table: t, text };
      break;
    }
    case 'output':
      if (arg !== null) return { kind: 'output', port: unquote(arg), text };
      if (inner !== null) {
        const port = /(?:^|,)port=([^,]+)/.exec(inner);
        if (port) return { kind: 'output', port: unquote(port[1]), text };
      }
      break;
    case 'ct': {
      const parts = inner === null ? [] : splitTopLevel(inner);
      let table: number | null = null, zone: string | null = null, nat: string | null = null, commit = false;
      let exec: string[] = [];
      for (const p of parts) {
        if (p === 'commit') commit = true;
        else if (p.startsWith('table=')) table = int(p.slice(6));
        else if (p.startsWith('zone=')) zone = p.slice(5);
        else if (p.startsWith('nat')) nat = p;
        else if (p.startsWith('exec(') && p.endsWith(')')) exec = splitTopLevel(p, 5, p.length - 1);
      }
      return { kind: 'ct', commit, table, zone, nat, exec, text };
    }
    case 'conjunction': {
      const m = inner === null ? null : /^(\d+),(\d+)\/(\d+)$/.exec(inner);
      if (m) return { kind: 'conjunction', id: Number(m[1]), clause: Number(m[2]), clauses: Number(m[3]), text };
      break;
    }
    case 'load':
    case 'move':
    case 'set_field': {
      const arrow = arg === null ? -1 : arg.lastIndexOf('->');
      if (arg !== null && arrow > 0) {
        const left = arg.slice(0, arrow), field = arg.slice(arrow + 2);
        if (name === 'move') return { kind: 'move', from: left, field, text };
        return { kind: name, value: left, field, text };
      }
      break;
    }
    case 'mod_vlan_vid':
    case 'push_vlan':
    case 'mod_dl_src':
    case 'mod_dl_dst':
      if (arg !== null) return { kind: name, value: arg, text };
      break;
    case 'controller':
      return { kind: 'controller', options: inner ?? arg ?? '', text };
    case 'learn': {
      const t = inner === null ? null : /(?:^|,)table=(\d+)/.exec(inner);
      return { kind: 'learn', table: t ? Number(t[1]) : null, text };
    }
  }
  return { kind: 'other', text };
}

/** `,8` → ['', '8']; `in_port,8` → ['in_port', '8']. */
function splitArgs(inner: string): [string, string | undefined] {
  const comma = inner.indexOf(',');
  return comma < 0 ? [inner, undefined] : [inner.slice(0, comma), inner.slice(comma + 1).split(',')[0]];
}

/** The tables an action list continues in, in order: resubmit, goto_table, ct(table=…). */
export function nextTables(actions: readonly string[]): number[] {
  const out: number[] = [];
  for (const text of actions) {
    const a = parseAction(text);
    if ((a.kind === 'resubmit' || a.kind === 'goto' || a.kind === 'ct') && a.table !== null) out.push(a.table);
  }
  return out;
}
