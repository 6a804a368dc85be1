// Messages between the topology picture webview and the extension. Both sides
// safeParse everything that crosses the boundary. The extension lays out; the webview draws.
import { z } from 'zod';

const name = z.string().max(4096);
const text = z.string().max(100_000);
const num = z.number().finite();
/** Arrays read-only in the inferred types, so the core's readonly data is accepted as is. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const TreeRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('namespace'), name }),
  z.object({ kind: z.literal('device'), namespace: name.nullable(), name }),
  z.object({ kind: z.literal('ovsBridge'), name }),
  z.object({ kind: z.literal('ovsPort'), bridge: name, name }),
  z.object({ kind: z.literal('linuxBridge'), namespace: name.nullable(), name }),
  z.object({ kind: z.literal('bridgeMember'), namespace: name.nullable(), bridge: name, member: name }),
  z.object({ kind: z.literal('neutronPort'), prefix: name }),
  z.object({ kind: z.literal('ovn'), id: name }),
]);

const BadgeSchema = z.object({ kind: z.enum(['nat', 'security-group']), text: name, detail: list(text) });
const PortSchema = z.object({ id: name, label: name, detail: text, icon: name, ref: TreeRefSchema.nullable(), badges: list(BadgeSchema) });
const NodeSchema = z.object({
  id: name,
  kind: z.enum(['namespace', 'ovsBridge', 'linuxBridge', 'device', 'vm', 'floatingIp', 'outside', 'remote', 'cluster', 'network', 'router']),
  label: name,
  detail: list(text),
  icon: name,
  ref: TreeRefSchema.nullable(),
  ports: list(PortSchema),
  badges: list(BadgeSchema),
  group: name.nullable(),
});
const EdgeSchema = z.object({
  id: name,
  kind: z.enum(['vif', 'veth', 'patch', 'internal', 'tunnel', 'uplink', 'floating', 'folded', 'logical']),
  source: name,
  target: name,
  label: name.nullable(),
});

export const FocusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host'), expand: list(name).optional() }),
  z.object({ kind: z.literal('port'), id: name }),
  z.object({ kind: z.literal('router'), id: name }),
  z.object({ kind: z.literal('network'), id: name }),
]);

/** A deployment's hosts drawn side by side (src/core/picture/deployment.ts), or one port's path across them. */
export const DeploymentFocusSchema = z.object({
  kind: z.literal('deployment'),
  name,
  hosts: z.array(name).min(1).readonly(),
  port: z.object({ alias: name, id: name }).optional(),
});

/** What a panel draws: a host's focus, or a deployment. */
export const TargetFocusSchema = z.discriminatedUnion('kind', [...FocusSchema.options, DeploymentFocusSchema]);

const HopSchema = z.object({ label: name, detail: name.nullable(), elements: list(name) });
/** A labelled box around nodes: one host of a deployment. */
const ClusterSchema = z.object({ id: name, label: name, elements: list(name) });
const GraphSchema = z.object({
  alias: name,
  view: z.enum(['physical', 'logical']),
  focus: FocusSchema,
  title: text,
  nodes: list(NodeSchema),
  edges: list(EdgeSchema),
  path: list(HopSchema).nullable(),
  notes: list(text),
  clusters: list(ClusterSchema).optional(),
});
const BoxSchema = z.object({ x: num, y: num, width: num, height: num });

const PlacedNodeSchema = BoxSchema.extend({ node: NodeSchema, header: BoxSchema, ports: list(BoxSchema.extend({ port: PortSchema })) });
const PlacedEdgeSchema = z.object({ edge: EdgeSchema, points: list(z.tuple([num, num]).readonly()), labelAt: z.object({ x: num, y: num }).nullable() });

export const LayoutSchema = z.object({
  graph: GraphSchema,
  width: num,
  height: num,
  nodes: list(PlacedNodeSchema),
  edges: list(PlacedEdgeSchema),
  clusters: list(BoxSchema.extend({ cluster: ClusterSchema, labelAt: z.object({ x: num, y: num }).nullable() })).optional(),
});

/** A command of the tree's context menu that applies to an element. */
export const MenuItemSchema = z.object({ command: name, title: name });

/** A packet trace drawn on the picture (src/core/picture/trace-path.ts). */
export const TracePathSchema = z.object({
  title: text,
  verdict: z.enum(['delivered', 'dropped', 'unknown']),
  line: text,
  hops: list(HopSchema),
  stop: list(name),
  selected: name.nullable(),
});

export const PictureTargetSchema = z.object({ alias: name, focus: TargetFocusSchema, view: z.enum(['physical', 'logical']), trace: TracePathSchema.optional() });

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('picture'),
    target: PictureTargetSchema,
    layout: LayoutSchema,
    /** The tree's tooltip text per element id (plain text). */
    tooltips: z.record(name, text),
    /** The tree's commands per element id. */
    menus: z.record(name, list(MenuItemSchema)),
    /** Foldable groups of the whole-host view and whether each is expanded. */
    groups: list(z.object({ group: name, label: name, expanded: z.boolean() })),
    logicalAvailable: z.boolean(),
    takenAt: z.number().nullable(),
    /** How many 'picturePart' messages follow with the rest of the boxes, links and tooltips (a big picture). */
    parts: z.number().int().min(0).max(100_000).optional(),
  }),
  /** More of the picture announced by the last 'picture' message (each part is its own small task to receive). */
  z.object({
    type: z.literal('picturePart'),
    index: z.number().int().min(0),
    nodes: list(PlacedNodeSchema),
    edges: list(PlacedEdgeSchema),
    tooltips: z.record(name, text),
  }),
  z.object({ type: z.literal('status'), loading: z.boolean(), message: text.nullable() }),
  /** The host failed: its message, as the tree shows it; the last picture stays. */
  z.object({ type: z.literal('error'), message: text }),
  /** Draw the current picture as PNG and send it back (the export's save dialog is in the extension). */
  z.object({ type: z.literal('renderPng') }),
]);

export const ToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('reveal'), id: name }),
  z.object({ type: z.literal('command'), id: name, command: name }),
  z.object({ type: z.literal('focus'), focus: TargetFocusSchema }),
  z.object({ type: z.literal('view'), view: z.enum(['physical', 'logical']) }),
  z.object({ type: z.literal('export'), format: z.enum(['svg', 'png']), highlight: z.boolean() }),
  /** The PNG the webview drew, as a data: URL. */
  z.object({ type: z.literal('png'), dataUrl: z.string().max(64 * 1024 * 1024).startsWith('data:image/png;base64,') }),
]);

export type PictureTarget = z.infer<typeof PictureTargetSchema>;
export type DeploymentTargetFocus = z.infer<typeof DeploymentFocusSchema>;
export type MenuItem = z.infer<typeof MenuItemSchema>;
export type ToWebview = z.infer<typeof ToWebviewSchema>;
export type ToExtension = z.infer<typeof ToExtensionSchema>;
