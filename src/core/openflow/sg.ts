// A port's security group on the native OVS firewall (firewall_driver = openvswitch): the flows of br-int
// that carry its ofport in reg5, its in_port or its MAC, from table 60 through 71–73 (egress) and 81–82
// (ingress), explained the way the iptables view explains the hybrid driver's chains.
import type { PortFlows, SgRule } from '../messages/flow-inspector';
import { parseAction } from './actions';
import { ctStateWords, explainFlow, portRange, regNumber, type ExplainContext } from './explain';
import { fieldOf, type OfFlow } from './flows';
import { unquote } from './split';

export interface SgPort {
  readonly name: string;
  readonly ofport: number | null;
  readonly mac: string | null;
}

const FIREWALL_TABLES = new Set([60, 71, 72, 73, 81, 82, 91, 92, 93, 94]);
const PROTO: Readonly<Record<string, string>> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', tcp6: 'TCP (IPv6)', udp6: 'UDP (IPv6)', icmp6: 'ICMPv6', ip: 'IPv4', ipv6: 'IPv6', arp: 'ARP', sctp: 'SCTP' };

/** `byTable` is the flows of br-int grouped and ordered as the model holds them (groupByTable). */
export function portFirewallFlows(byTable: ReadonlyMap<number, readonly OfFlow[]>, port: SgPort, ctx: ExplainContext): PortFlows {
  if (port.ofport === null) {
    return { port: port.name, ofport: null, mac: port.mac, zone: null, rules: [], notice: `The snapshot has no ofport for ${port.name}: its flows cannot be told apart.` };
  }
  const ofport = port.ofport;
  const mac = port.mac?.toLowerCase() ?? null;
  const mine = (f: OfFlow): boolean => {
    if (regNumber(fieldOf(f, 'reg5') ?? null) === ofport) return true;
    const inPort = fieldOf(f, 'in_port');
    if (inPort != null && (unquote(inPort) === String(ofport) || unquote(inPort) === port.name)) return true;
    if (mac !== null && (fieldOf(f, 'dl_dst')?.toLowerCase() === mac || fieldOf(f, 'dl_src')?.toLowerCase() === mac)) return true;
    return f.actions.some((a) => {
      const x = parseAction(a);
      return x.kind === 'load' && /REG5/.test(x.field) && regNumber(x.value) === ofport && (f.table === 60 || f.table === 73);
    });
  };

  // The port's conntrack zone: what table 60 loads into reg6 for it.
  let zone: number | null = null;
  for (const f of byTable.get(60) ?? []) {
    if (!mine(f)) continue;
    for (const a of f.actions.map(parseAction)) if (a.kind === 'load' && /REG6/.test(a.field)) zone = regNumber(a.value);
    if (zone !== null) break;
  }
  const zoneText = zone === null ? 'its conntrack zone' : `conntrack zone ${zone}`;

  // Conjunctions the port's own flows complete (conj_id=N with reg5 = the port).
  const conjIds = new Set<number>();
  for (const t of [72, 82]) for (const f of byTable.get(t) ?? []) {
    const c = fieldOf(f, 'conj_id');
    if (c != null && mine(f)) conjIds.add(Number(c));
  }

  const rules: SgRule[] = [];
  for (const [table, flows] of byTable) {
    if (!FIREWALL_TABLES.has(table)) continue;
    flows.forEach((f, index) => {
      const clauses = f.actions.map(parseAction).filter((a) => a.kind === 'conjunction');
      // A clause of one of the port's conjunctions: its own side (reg5 = the port) or the remote group's side
      // (addresses on the port's network, reg6 = its zone); never another port's or another network's.
      const reg5 = fieldOf(f, 'reg5');
      const reg6 = regNumber(fieldOf(f, 'reg6') ?? null);
      const clauseOfMine = (table === 72 || table === 82) && clauses.some((a) => a.kind === 'conjunction' && conjIds.has(a.id)) &&
        (reg5 === undefined ? zone === null || reg6 === null || reg6 === zone : regNumber(reg5 ?? null) === ofport);
      const generic = table >= 71 && table <= 82 && clauses.length === 0 && fieldOf(f, 'reg5') === undefined && fieldOf(f, 'reg6') === undefined &&
        fieldOf(f, 'in_port') === undefined && (fieldOf(f, 'ct_state') !== undefined || f.priority === 0);
      if (!mine(f) && !clauseOfMine && !generic) return;
      rules.push({ table, index, ...ruleWords(f, table, zoneText, ctx, generic) });
    });
  }
  return {
    port: port.name,
    ofport,
    mac: port.mac,
    zone,
    rules,
    notice: rules.length === 0 ? `No firewall flow of br-int mentions ${port.name} (ofport ${ofport}): is the native OVS firewall in use here?` : null,
  };
}

export function ruleWords(f: OfFlow, table: number, zoneText: string, ctx: ExplainContext, generic: boolean): Omit<SgRule, 'table' | 'index'> {
  const direction: SgRule['direction'] = table >= 71 && table <= 73 ? 'outbound' : table === 81 || table === 82 || table === 92 ? 'inbound' : 'both';
  const actions = f.actions.map(parseAction);
  const commit = actions.some((a) => a.kind === 'ct' && a.commit && a.exec.length === 0);
  const toDrop = actions.some((a) => a.kind === 'drop' || ((a.kind === 'resubmit' || a.kind === 'goto') && a.table === 93));
  const accepts = actions.some((a) => a.kind === 'output' || a.kind === 'normal' || ((a.kind === 'resubmit' || a.kind === 'goto') && a.table !== null && [91, 92, 94].includes(a.table)) || (table === 72 && (a.kind === 'resubmit' || a.kind === 'goto') && a.table === 73)) || commit;
  const conjunction = actions.find((a) => a.kind === 'conjunction');
  const verdict: SgRule['verdict'] = toDrop ? 'drop' : conjunction ? 'next' : accepts ? 'allow' : 'next';
  const suffix = generic ? ' (every port)' : '';
  const ct = fieldOf(f, 'ct_state') ?? null;
  const mark = fieldOf(f, 'ct_mark') ?? null;

  if ((table === 72 || table === 82) && ct !== null && /\+inv/.test(ct)) return { direction, verdict, words: `drop INVALID${suffix}` };
  if (actions.some((a) => a.kind === 'ct' && a.exec.some((e) => /^load:0x1->NXM_NX_CT_MARK/.test(e)))) {
    return { direction, verdict: 'drop', words: `mark ${direction} connections that no rule allows any more (ct_mark 1), so that they are dropped${suffix}` };
  }
  if ((table === 72 || table === 82) && mark === '0x1') {
    return { direction, verdict, words: `drop connections marked as no longer allowed (their rule was removed; ct_mark 1)${suffix}` };
  }
  if ((table === 72 || table === 82) && (ct !== null || conjunction)) {
    const proto = f.fields.map((x) => (x.value === null ? PROTO[x.key] : undefined)).find((x) => x !== undefined) ?? 'any protocol';
    const dport = fieldOf(f, 'tp_dst');
    const icmpType = fieldOf(f, 'icmp_type');
    const remote = direction === 'inbound' ? fieldOf(f, 'nw_src') ?? fieldOf(f, 'ipv6_src') : fieldOf(f, 'nw_dst') ?? fieldOf(f, 'ipv6_dst');
    const conjId = fieldOf(f, 'conj_id');
    const what = [proto, dport != null ? portRange(dport) : null, icmpType != null ? `type ${icmpType}` : null].filter(Boolean).join(' ');
    const from = remote != null ? ` ${direction === 'inbound' ? 'from' : 'to'} ${remote}` : '';
    if (conjunction && conjunction.kind === 'conjunction') {
      return { direction, verdict, words: `conjunction ${conjunction.id}, clause ${conjunction.clause} of ${conjunction.clauses}: ${what}${from}${ct ? ` (${ctStateWords(ct)})` : ''}` };
    }
    const state = ct === null ? null : /\+new/.test(ct) ? 'new connections' : /\+est/.test(ct) && /-rel/.test(ct) && /-rpl/.test(ct) ? 'established connections' : /\+rpl/.test(ct) ? 'replies of connections it started' : /\+rel/.test(ct) ? 'related connections' : /-est/.test(ct) ? 'connections not established' : ctStateWords(ct);
    const details = [state, commit ? `committed to ${zoneText}` : null].filter(Boolean).join(', ');
    const via = conjId != null ? ` from the remote group via conjunction ${conjId}` : '';
    const verb = verdict === 'allow' ? 'allow' : verdict === 'drop' ? 'drop' : 'then';
    return { direction, verdict, words: `${verb} ${direction} ${what}${from}${via}${details ? ` (${details})` : ''}${suffix}` };
  }
  return { direction, verdict, words: `${explainFlow(f, ctx)}${suffix}` };
}

/** Words for the panel: the same security group iptables would implement on a hybrid node. */
export const NATIVE_FIREWALL_NOTE =
  'These flows are the port\'s security group as the native OVS firewall (firewall_driver = openvswitch) implements it in br-int. ' +
  'On a hybrid node (iptables_hybrid) the same security group is the iptables chains neutron-openvswi-i…/o…/s… of the port: ' +
  'table 71–73 play the outbound chain (o…, with the anti-spoofing of s…), table 81–82 the inbound chain (i…), and conntrack zones replace the raw table\'s CT zones.';
