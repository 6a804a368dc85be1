// What the chain inspector webview renders, built from an iptables dump.
import { ovnInspector } from '../backends/ovn/inspector';
import type { OvnModel } from '../backends/ovn/types';
import type { BackendKind } from '../model/types';
import type { IptablesDump, IptablesRule, IptablesTable } from '../parse/types';
import type {
  ChainView,
  CountersUpdate,
  InspectorModel,
  InspectorTargetData,
  PortPathView,
  RuleRow,
  TableView,
} from '../messages/chain-inspector';
import { devicesInRules, ruleMentionsDevice } from './device-match';
import { explainRule } from './explain';
import { buildChainGraph, findTable, jumpTarget, orderedTables } from './graph';
import { buildNatView } from './nat-view';
import { findPortSgPath } from './sg-path';
import { tapName } from './neutron-names';

export interface ModelInput {
  readonly target: InspectorTargetData;
  /** null when there is nothing to show yet or it could not be read (see notice). */
  readonly dump: IptablesDump | null;
  readonly backend: BackendKind;
  /** Why there is no dump ("iptables-save is not installed …"), if known. */
  readonly notice?: string | null;
  /** Both iptables-legacy and nf_tables hold rules on the host. */
  readonly mixedVariants?: boolean;
  readonly takenAt: number | null;
  readonly live: boolean;
  /** The host's OVN model, for the OVN modes (ovn-port, ovn-nat). */
  readonly ovn?: OvnModel | null;
}

export const NO_IPTABLES_SAVE = 'iptables-save was not found on this host, so there are no chains to show. Install the iptables package (iptables-save) on the node and refresh.';

/** "iptables -i qr-+ -o …" style: the ports of a rule as one readable cell. */
function portsCell(rule: IptablesRule): string {
  const parts: string[] = [];
  if (rule.sourcePorts) parts.push(`sport ${rule.sourcePorts}`);
  if (rule.destinationPorts) parts.push(`dport ${rule.destinationPorts}`);
  if (rule.icmpType) parts.push(`icmp ${rule.icmpType}`);
  const redirect = rule.targetOptions['--to-ports'];
  if (redirect) parts.push(`→ ${redirect}`);
  return parts.join(' ');
}

function stateCell(rule: IptablesRule): string {
  const parts: string[] = [];
  if (rule.states) parts.push(`${rule.statesNegated ? '! ' : ''}${rule.states.join(',')}`);
  if (rule.mark) parts.push(`mark ${rule.mark}`);
  if (rule.macSource) parts.push(`mac ${rule.macSource}`);
  if (rule.ipset) parts.push(`set ${rule.ipset}`);
  return parts.join(' ');
}

export function ruleRow(rule: IptablesRule, index: number, chainNames: ReadonlySet<string>, device: string | null): RuleRow {
  return {
    index: index + 1,
    target: rule.target,
    goto: rule.goto,
    jump: jumpTarget(rule, chainNames),
    protocol: rule.protocol,
    source: rule.source,
    destination: rule.destination,
    inInterface: rule.inInterface,
    outInterface: rule.outInterface,
    physdevIn: rule.physdevIn,
    physdevOut: rule.physdevOut,
    ports: portsCell(rule),
    state: stateCell(rule),
    comment: rule.comment,
    explanation: explainRule(rule),
    raw: rule.raw,
    targetOptions: { ...rule.targetOptions },
    counters: rule.counters,
    highlighted: device !== null && ruleMentionsDevice(rule, device),
  };
}

export function tableView(table: IptablesTable, device: string | null, focus?: { readonly table: string; readonly chain: string; readonly rule: number }): TableView {
  const graph = buildChainGraph(table);
  const names = new Set(graph.chains.keys());
  const chains: ChainView[] = table.chains.map((chain) => {
    const node = graph.chains.get(chain.name);
    return {
      name: chain.name,
      builtin: node?.builtin ?? false,
      policy: chain.policy,
      counters: chain.counters,
      ruleCount: chain.rules.length,
      referencedBy: (node?.referencedBy ?? []).map((ref) => ({ chain: ref.chain, index: ref.ruleIndex + 1 })),
      rules: chain.rules.map((rule, i) => {
        const row = ruleRow(rule, i, names, device);
        return focus !== undefined && focus.table === table.name && focus.chain === chain.name && focus.rule === i + 1 ? { ...row, highlighted: true } : row;
      }),
    };
  });
  return { name: table.name, chains };
}

const BACKEND_NOTICES: Partial<Record<BackendKind, string>> = {
  'ovs-native':
    'This host uses the Open vSwitch firewall driver: security groups are OpenFlow rules in br-int (tables 71-82), not iptables chains. Look at them with "Dump flows" on br-int.',
  ovn: 'This host uses OVN: security groups are OVN ACLs and floating IPs are OVN NAT entries, turned into OpenFlow rules in br-int. There are no Neutron iptables chains to show.',
};

function portPath(dump: IptablesDump, portPrefix: string): PortPathView | null {
  const filter = findTable(dump, 'filter');
  const found = filter === undefined ? null : findPortSgPath(filter, portPrefix);
  if (found === null) return null;
  const { dispatchRules: _rules, chainPrefix: _prefix, ...view } = found;
  return { ...view, path: found.path.map((step) => ({ ...step })) };
}

function titleOf(target: InspectorTargetData): string {
  const where = target.namespace ?? 'root namespace';
  if (target.mode === 'port' && target.portPrefix) return `iptables: port ${target.portPrefix} (${target.alias})`;
  if (target.mode === 'nat') return `NAT: ${where} (${target.alias})`;
  if (target.mode === 'ovn-port') return `OVN security groups: port ${target.ovnPort ?? '?'} (${target.alias})`;
  if (target.mode === 'ovn-nat') return `OVN NAT: router ${target.ovnRouter ?? '?'} (${target.alias})`;
  return `iptables: ${where} (${target.alias})`;
}

export function buildInspectorModel(input: ModelInput): InspectorModel {
  const { target, dump } = input;
  const device = target.device ?? (target.mode === 'port' && target.portPrefix ? tapName(target.portPrefix) : null);
  const warnings: string[] = [];
  if (input.mixedVariants) {
    warnings.push('This host has rules in both iptables-legacy and nf_tables. Only one set is shown here; the kernel applies both.');
  }
  const backendNotice = BACKEND_NOTICES[input.backend] ?? null;
  const tables = dump === null ? [] : orderedTables(dump).map((t) => tableView(t, device, target.focus));
  const port = dump !== null && target.mode === 'port' && target.portPrefix ? portPath(dump, target.portPrefix) : null;
  if (dump !== null && target.mode === 'port' && port === null && backendNotice === null) {
    warnings.push(`No rule in the filter table mentions ${target.portPrefix ? tapName(target.portPrefix) : 'this port'}: the port has no iptables security-group chains here (port security off, or another firewall driver).`);
  }
  const natTable = dump === null ? undefined : findTable(dump, 'nat');
  const nat = natTable === undefined ? null : buildNatView(natTable);
  if (dump !== null && target.mode === 'nat' && natTable === undefined) warnings.push('This namespace has no nat table.');
  if (target.mode === 'ovn-port' || target.mode === 'ovn-nat') return ovnModel(input, titleOf(target));
  const notice = dump === null ? input.notice ?? backendNotice ?? 'No iptables data yet: refresh the host.' : target.mode === 'port' && port === null ? backendNotice : null;
  return {
    target,
    title: titleOf(target),
    takenAt: input.takenAt,
    variant: dump?.variant ?? null,
    warnings,
    notice,
    tables,
    port,
    nat: target.mode === 'nat' || (nat !== null && nat.floating.length > 0) ? nat : null,
    devices: dump === null ? [] : devicesInRules(dump.tables.flatMap((t) => t.chains.flatMap((c) => c.rules))),
    device,
    live: input.live,
  };
}

/** The OVN modes: no iptables; the view comes from the snapshot's OVN tables. */
function ovnModel(input: ModelInput, title: string): InspectorModel {
  const ovn = ovnInspector(input.ovn, input.target);
  const what = input.target.mode === 'ovn-port' ? 'port' : 'router';
  const missing = !input.ovn
    ? 'No OVN data for this host: refresh it (the OVN northbound database must be readable, see the host\'s section errors).'
    : (ovn?.security ?? ovn?.nat ?? null) === null ? `This ${what} is not in the last snapshot's OVN tables: refresh the host.` : null;
  return {
    target: input.target, title, takenAt: input.takenAt, variant: null, warnings: [], notice: missing, tables: [], port: null, nat: null,
    devices: [], device: input.target.device ?? null, live: false, ovn,
  };
}

/** The counters of a dump, for a live update of a panel whose rules did not change. */
export function countersUpdate(dump: IptablesDump, takenAt: number): CountersUpdate {
  return {
    takenAt,
    tables: dump.tables.map((t) => ({
      name: t.name,
      chains: t.chains.map((c) => ({ name: c.name, counters: c.counters, rules: c.rules.map((r) => r.counters) })),
    })),
  };
}

/** Whether two dumps hold the same rules (only counters may differ). */
export function sameRules(a: IptablesDump, b: IptablesDump): boolean {
  const rule = (raw: string): string => raw.replace(/^\[\d+:\d+\]\s*/, '').replace(/ -c \d+ \d+/, '');
  const shape = (d: IptablesDump): string =>
    d.tables.map((t) => `${t.name}\n${t.chains.map((c) => `${c.name} ${c.policy}\n${c.rules.map((r) => rule(r.raw)).join('\n')}`).join('\n')}`).join('\n');
  return shape(a) === shape(b);
}
