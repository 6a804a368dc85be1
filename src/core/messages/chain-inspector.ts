// Messages between the chain inspector webview and the extension. Both sides
// safeParse everything that crosses the boundary; the view model is defined here.
import { z } from 'zod';

const name = z.string().max(4096);
const text = z.string().max(1_000_000);
const counters = z.object({ packets: z.number().nonnegative(), bytes: z.number().nonnegative() }).nullable();

export const InspectorTargetSchema = z.object({
  alias: name,
  namespace: name.nullable(),
  mode: z.enum(['tables', 'port', 'nat', 'ovn-port', 'ovn-nat']),
  portPrefix: name.optional(),
  device: name.optional(),
  /** OVN mode: the logical switch port (its name) or the logical router (its uuid). */
  ovnPort: name.optional(),
  ovnRouter: name.optional(),
  /** A rule to open the inspector at (the packet tracer's "open at that rule"). */
  focus: z.object({ table: name, chain: name, rule: z.number().int().positive() }).optional(),
});

// OVN mode: security groups as port groups + ACLs, and a logical router's NAT rows.
export const OvnAclRowSchema = z.object({
  direction: name,
  priority: z.number().int(),
  action: name,
  match: text,
  explanation: text,
  ruleId: name.nullable(),
});

export const OvnInspectorSchema = z.object({
  security: z
    .object({
      port: name,
      portLabel: text,
      addresses: z.array(name),
      groups: z.array(z.object({ name, securityGroupId: name.nullable(), inbound: z.array(OvnAclRowSchema), outbound: z.array(OvnAclRowSchema) })),
      addressSets: z.array(z.object({ name, addresses: z.array(name), source: text })),
    })
    .nullable(),
  nat: z
    .object({
      router: text,
      gateway: text.nullable(),
      floating: z.array(z.object({ floating: name, fixed: name, mode: z.enum(['distributed', 'centralized']), port: name.nullable(), floatingIpId: name.nullable() })),
      snat: z.array(z.object({ subnet: name, external: name })),
    })
    .nullable(),
});

export const RuleRowSchema = z.object({
  /** 1-based, as `iptables -L --line-numbers` counts. */
  index: z.number().int().positive(),
  target: name.nullable(),
  goto: z.boolean(),
  /** The user chain this rule jumps to (clickable), or null. */
  jump: name.nullable(),
  protocol: name.nullable(),
  source: name.nullable(),
  destination: name.nullable(),
  inInterface: name.nullable(),
  outInterface: name.nullable(),
  physdevIn: name.nullable(),
  physdevOut: name.nullable(),
  ports: text,
  state: text,
  comment: text.nullable(),
  explanation: text,
  raw: text,
  targetOptions: z.record(name, text),
  counters,
  highlighted: z.boolean(),
});

export const ChainViewSchema = z.object({
  name,
  builtin: z.boolean(),
  policy: name.nullable(),
  counters,
  ruleCount: z.number().int().nonnegative(),
  referencedBy: z.array(z.object({ chain: name, index: z.number().int().positive() })),
  rules: z.array(RuleRowSchema),
});

export const TableViewSchema = z.object({ name, chains: z.array(ChainViewSchema) });

export const PortPathSchema = z.object({
  portPrefix: name,
  tap: name,
  inbound: name.nullable(),
  outbound: name.nullable(),
  spoofing: name.nullable(),
  fallback: name.nullable(),
  path: z.array(z.object({ chain: name, kind: z.enum(['path', 'detour']) })),
});

const natRuleRef = z.object({ chain: name, raw: text, explanation: text });

export const NatViewSchema = z.object({
  floating: z.array(z.object({ floating: name, fixed: name, dnat: z.array(natRuleRef), snat: z.array(natRuleRef) })),
  defaultSnat: z.array(natRuleRef),
  metadata: z.array(natRuleRef),
});

export const InspectorModelSchema = z.object({
  target: InspectorTargetSchema,
  title: text,
  takenAt: z.number().nullable(),
  /** "legacy", "nf_tables" or null, from the iptables-save header. */
  variant: name.nullable(),
  warnings: z.array(text),
  /** Shown instead of tables: no iptables-save, another firewall backend, no data yet. */
  notice: text.nullable(),
  tables: z.array(TableViewSchema),
  port: PortPathSchema.nullable(),
  nat: NatViewSchema.nullable(),
  /** Concrete device names mentioned in the rules (for the highlight picker). */
  devices: z.array(name),
  device: name.nullable(),
  live: z.boolean(),
  /** OVN mode (target.mode ovn-port / ovn-nat): built from the snapshot's OVN tables. */
  ovn: OvnInspectorSchema.nullable().optional(),
});

/** Where the webview is looking. */
export const ViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overview') }),
  z.object({ kind: z.literal('chain'), table: name, chain: name }),
  z.object({ kind: z.literal('port') }),
  z.object({ kind: z.literal('nat') }),
  z.object({ kind: z.literal('ovn-port') }),
  z.object({ kind: z.literal('ovn-nat') }),
]);

/** What the webview keeps with setState, and what the serializer gets back. */
export const InspectorStateSchema = z.object({
  target: InspectorTargetSchema,
  history: z.array(ViewSchema),
  position: z.number().int().nonnegative(),
  filter: z.string().max(1000),
  scrollTop: z.number().nonnegative(),
  /** Rules whose raw text is shown: "table/chain/index". */
  rawShown: z.array(z.string().max(8192)),
});

export const ToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('setLive'), live: z.boolean() }),
  z.object({ type: z.literal('selectDevice'), device: name.nullable() }),
  z.object({ type: z.literal('followChain'), table: name, chain: name }),
  z.object({ type: z.literal('openRaw'), table: name, chain: name.nullable() }),
]);

export const CountersUpdateSchema = z.object({
  takenAt: z.number(),
  tables: z.array(
    z.object({ name, chains: z.array(z.object({ name, counters, rules: z.array(counters) })) }),
  ),
});

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: InspectorModelSchema }),
  z.object({ type: z.literal('counters'), update: CountersUpdateSchema }),
  z.object({ type: z.literal('status'), loading: z.boolean(), live: z.boolean() }),
  z.object({ type: z.literal('error'), message: text }),
]);

export type InspectorTargetData = z.infer<typeof InspectorTargetSchema>;
export type RuleRow = z.infer<typeof RuleRowSchema>;
export type ChainView = z.infer<typeof ChainViewSchema>;
export type TableView = z.infer<typeof TableViewSchema>;
export type PortPathView = z.infer<typeof PortPathSchema>;
export type NatViewData = z.infer<typeof NatViewSchema>;
export type InspectorModel = z.infer<typeof InspectorModelSchema>;
export type OvnInspectorData = z.infer<typeof OvnInspectorSchema>;
export type OvnAclRow = z.infer<typeof OvnAclRowSchema>;
export type InspectorView = z.infer<typeof ViewSchema>;
export type InspectorState = z.infer<typeof InspectorStateSchema>;
export type CountersUpdate = z.infer<typeof CountersUpdateSchema>;
export type ToExtension = z.infer<typeof ToExtensionSchema>;
export type ToWebview = z.infer<typeof ToWebviewSchema>;
