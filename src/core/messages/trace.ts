// Messages between the packet-trace webview and the extension (zod, checked on both sides), and its view model.
import { z } from 'zod';

const name = z.string().max(4096);
const text = z.string().max(100_000);

export const TraceStepRowSchema = z.object({
  index: z.number().int().nonnegative(),
  trip: z.enum(['request', 'reply']),
  hop: name,
  object: name,
  namespace: name.nullable(),
  detail: text,
  assumed: z.boolean(),
  /** The tree can reveal it. */
  canReveal: z.boolean(),
  /** An iptables rule the chain inspector can open at. */
  rule: z.object({ table: name, chain: name, rule: z.number().int().positive() }).nullable(),
  /** OVN: the inspector's security groups of a logical port, or the NAT view of a logical router (uuid). */
  ovn: z.object({ mode: z.enum(['ovn-port', 'ovn-nat']), target: name }).nullable(),
  /** OpenFlow flows the flow inspector can open: a bridge, at a port's security groups when known (native firewall). */
  flows: z.object({ bridge: name, port: name.nullable() }).nullable(),
  /** The step that decided the verdict. */
  decisive: z.boolean(),
  /** The picture draws the step's object (absent: not known). */
  onPicture: z.boolean().optional(),
  /** The other host of the deployment the step happened on (the walk crossed a tunnel); absent: the traced host. */
  host: name.optional(),
});

export const TraceModelSchema = z.object({
  alias: name,
  title: text,
  verdict: z.enum(['delivered', 'dropped', 'unknown']),
  line: text,
  gaps: z.array(text),
  backend: name,
  takenAt: z.number().nullable(),
  steps: z.array(TraceStepRowSchema),
});

export const TraceStateSchema = z.object({ model: TraceModelSchema.nullable() });

export const TraceToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('retrace') }),
  z.object({ type: z.literal('reveal'), step: z.number().int().nonnegative() }),
  z.object({ type: z.literal('openRule'), step: z.number().int().nonnegative() }),
  z.object({ type: z.literal('openOvn'), step: z.number().int().nonnegative() }),
  /** Draw the trace's path on the topology picture (with one step's object selected). */
  z.object({ type: z.literal('showOnPicture'), step: z.number().int().nonnegative().nullable() }),
  z.object({ type: z.literal('openFlows'), step: z.number().int().nonnegative() }),
]);

export const TraceToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: TraceModelSchema }),
  z.object({ type: z.literal('status'), loading: z.boolean(), message: text.nullable() }),
]);

export type TraceStepRow = z.infer<typeof TraceStepRowSchema>;
export type TraceModel = z.infer<typeof TraceModelSchema>;
export type TraceState = z.infer<typeof TraceStateSchema>;
export type TraceToExtension = z.infer<typeof TraceToExtensionSchema>;
export type TraceToWebview = z.infer<typeof TraceToWebviewSchema>;
