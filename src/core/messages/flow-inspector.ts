// Messages between the flow inspector webview (OpenFlow tables, a port's native-firewall flows, a packet
// trace) and the extension. Both sides safeParse everything that crosses; the model is defined here.
import { z } from 'zod';

const name = z.string().max(4096);
const text = z.string().max(1_000_000);
const count = z.number().nonnegative();

export const TraceRequestSchema = z.object({
  protocol: z.enum(['tcp', 'udp', 'icmp', 'arp', 'ip']),
  source: name,
  destination: name,
  sourcePort: z.number().int().min(0).max(65535).nullable(),
  destinationPort: z.number().int().min(0).max(65535).nullable(),
  sourceMac: name.nullable(),
  destinationMac: name.nullable(),
});

export const FlowTargetSchema = z.object({
  alias: name,
  bridge: name,
  mode: z.enum(['bridge', 'port', 'trace']),
  /** The OVS port (interface name) for port and trace modes. */
  port: name.optional(),
  /** The packet of a trace. */
  packet: TraceRequestSchema.optional(),
});

/** One flow as the dump printed it; explanations are made for the rows on screen (src/core/openflow/page.ts). */
export const FlowDataSchema = z.object({
  priority: z.number().int(),
  cookie: name,
  match: text,
  actions: z.array(text),
  packets: count.nullable(),
  bytes: count.nullable(),
});

export const FlowTableSchema = z.object({
  table: z.number().int().nonnegative(),
  /** What the table is for, or null when unknown. */
  role: text.nullable(),
  /** Flows in priority order, highest first (the order OVS tries them). */
  flows: z.array(FlowDataSchema),
});

/** A security group rule of the native firewall, explained the way the iptables view explains its rules. */
export const SgRuleSchema = z.object({
  direction: z.enum(['inbound', 'outbound', 'both']),
  /** "allow inbound TCP 22 (new connections, committed to conntrack zone 3)". */
  words: text,
  verdict: z.enum(['allow', 'drop', 'next']),
  table: z.number().int(),
  /** Index of the flow in its table's flows. */
  index: z.number().int().nonnegative(),
});

export const PortFlowsSchema = z.object({
  port: name,
  ofport: z.number().int().nullable(),
  mac: name.nullable(),
  /** The conntrack zone (reg6, the network's local VLAN), when the flows say. */
  zone: z.number().int().nullable(),
  rules: z.array(SgRuleSchema),
  /** Why a port could not be found, or what is missing. */
  notice: text.nullable(),
});

export const TraceStepViewSchema = z.object({
  bridge: name.nullable(),
  pass: z.number().int().nonnegative(),
  table: z.number().int(),
  role: text.nullable(),
  priority: z.number().int().nullable(),
  match: text,
  noMatch: z.boolean(),
  actions: z.array(text),
  notes: z.array(text),
  words: text,
  /** The flow in this bridge's dump this step matched (same table, priority and match), when known. */
  flowIndex: z.number().int().nonnegative().nullable(),
});

export const TraceViewSchema = z.object({
  command: text,
  flow: text.nullable(),
  steps: z.array(TraceStepViewSchema),
  passes: z.array(z.object({ recirculation: text.nullable(), datapathActions: text.nullable(), words: text })),
  /** The outcome in words. */
  verdict: text,
});

export const FlowModelSchema = z.object({
  target: FlowTargetSchema,
  title: text,
  takenAt: z.number().nullable(),
  /** "ovs-br-int", "ovs-br-tun", "ovs-br-phys", "ovn-br-int" or "unknown", with its evidence. */
  layout: name,
  layoutEvidence: text,
  /** ofport → interface name, from the snapshot. */
  ports: z.array(z.tuple([z.number().int(), name])),
  ovn: z.boolean(),
  tables: z.array(FlowTableSchema),
  portFlows: PortFlowsSchema.nullable(),
  trace: TraceViewSchema.nullable(),
  notice: text.nullable(),
  warnings: z.array(text),
  live: z.boolean(),
});

export const FlowViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overview') }),
  z.object({ kind: z.literal('table'), table: z.number().int(), page: z.number().int().nonnegative(), focus: z.number().int().nonnegative().nullable() }),
  z.object({ kind: z.literal('conjunction'), id: z.number().int() }),
  z.object({ kind: z.literal('port') }),
  z.object({ kind: z.literal('trace') }),
]);

export const FlowStateSchema = z.object({
  target: FlowTargetSchema,
  history: z.array(FlowViewSchema),
  position: z.number().int().nonnegative(),
  filter: z.string().max(1000),
  scrollTop: z.number().nonnegative(),
});

export const FlowToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('setLive'), live: z.boolean() }),
  z.object({ type: z.literal('openRaw') }),
]);

export const FlowToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: FlowModelSchema }),
  z.object({ type: z.literal('status'), loading: z.boolean(), live: z.boolean() }),
  z.object({ type: z.literal('error'), message: text }),
]);

export type FlowTarget = z.infer<typeof FlowTargetSchema>;
export type FlowData = z.infer<typeof FlowDataSchema>;
export type FlowTable = z.infer<typeof FlowTableSchema>;
export type SgRule = z.infer<typeof SgRuleSchema>;
export type PortFlows = z.infer<typeof PortFlowsSchema>;
export type TraceStepView = z.infer<typeof TraceStepViewSchema>;
export type TraceView = z.infer<typeof TraceViewSchema>;
export type FlowModel = z.infer<typeof FlowModelSchema>;
export type FlowView = z.infer<typeof FlowViewSchema>;
export type FlowState = z.infer<typeof FlowStateSchema>;
export type TraceRequest = z.infer<typeof TraceRequestSchema>;
export type FlowToExtension = z.infer<typeof FlowToExtensionSchema>;
export type FlowToWebview = z.infer<typeof FlowToWebviewSchema>;
