// A packet trace drawn on the picture: the trace's steps become the picture's path (its hops lit, the
// rest dimmed), the hop where a dropped packet stopped is marked, and the focus is the instance port the
// trace crosses. Pure: Topology + TraceResult in, plain data out (it travels in the picture's target).
import type { NeutronPort, Topology } from '../model/types';
import { portChain } from '../iptables/neutron-names';
import type { TraceResult, TraceStep } from '../trace/types';
import { requestTitle } from '../trace/view-model';
import { ids } from '../view/ids';
import { deviceKey } from '../view/lookup';
import { buildHostGraph, outsideId, type HostGraph } from './build';
import { findNeutronPort, subgraph } from './focus';
import type { Focus, Hop, PictureGraph } from './graph';

/** What the picture needs of a trace: the request's hops, where it stopped, and its verdict in words. */
export interface TracePath {
  /** "tcp/22 from outside to 172.24.4.10". */
  readonly title: string;
  readonly verdict: TraceResult['verdict'];
  readonly line: string;
  /** The first packet's way, in order: each hop names the picture elements that draw it. */
  readonly hops: readonly Hop[];
  /** Where a dropped packet stopped (the last hop's elements); empty when it was not dropped. */
  readonly stop: readonly string[];
  /** The element of the step the user picked, selected on the picture; null for the whole trace. */
  readonly selected: string | null;
}

const NOTE_MAX = 240;

function elementIds(host: HostGraph): Set<string> {
  const out = new Set<string>();
  for (const n of host.nodes) {
    out.add(n.id);
    for (const p of n.ports) out.add(p.id);
  }
  return out;
}

/** The OVS port element of a device (an internal port moved into a namespace, or a root veth end). */
function ovsPortOf(t: Topology, alias: string, namespace: string | null, name: string): string | undefined {
  for (const b of t.ovs.bridges) {
    const p = b.ports.find((q) => q.device?.name === name && q.device.namespace === namespace);
    if (p) return ids.ovsPort(alias, b.name, p.name);
  }
  return undefined;
}

/** The port whose security-group chain this is (iptables_hybrid filters it at its qbr). */
function portOfChain(t: Topology, chain: string): NeutronPort | undefined {
  const byName = t.ports.find((p) => [p.sgChains.inbound, p.sgChains.outbound, p.sgChains.spoofing].includes(chain));
  if (byName) return byName;
  const pc = portChain(chain);
  return pc === null ? undefined : t.ports.find((p) => p.prefix.startsWith(pc.port) || pc.port.startsWith(p.prefix));
}

function hybridBridgeOf(t: Topology, alias: string, port: NeutronPort): string | undefined {
  for (const ref of port.devices) {
    const d = t.devices.find((x) => x.name === ref.name && x.namespace === ref.namespace);
    if (d?.role === 'hybrid-bridge') return ids.linuxBridge(alias, d.namespace, d.name);
  }
  return undefined;
}

/** The picture elements one trace step crosses (none for a step the picture does not draw). */
function stepElements(t: Topology, alias: string, host: HostGraph, step: TraceStep, lastPort: NeutronPort | undefined): string[] {
  const ref = step.ref;
  const out: (string | undefined)[] = [];
  switch (ref.kind) {
    case 'ovs-bridge':
      if (ref.device) out.push(ids.ovsBridge(alias, ref.device));
      break;
    case 'linux-bridge':
      if (ref.device) out.push(ids.linuxBridge(alias, step.namespace, ref.device));
      break;
    case 'device': {
      if (!ref.device) break;
      const key = deviceKey({ namespace: step.namespace, name: ref.device });
      out.push(host.deviceElement.get(key), ovsPortOf(t, alias, step.namespace, ref.device));
      const d = t.devices.find((x) => deviceKey(x) === key);
      // A veth pair is crossed end to end (qvb ↔ qvo).
      if (d?.peer) out.push(host.deviceElement.get(deviceKey(d.peer)), ovsPortOf(t, alias, d.peer.namespace, d.peer.name));
      // The instance's tap leads into the VM.
      if (d?.role === 'instance-tap' && d.portPrefix !== null) out.push(ids.port(alias, d.portPrefix));
      break;
    }
    case 'port':
      out.push(ref.treeId ?? undefined);
      break;
    case 'outside':
      out.push(outsideId(alias));
      break;
    case 'namespace':
    case 'route':
    case 'process':
    case 'iptables-rule':
    case 'iptables-chain':
      if (step.namespace !== null) out.push(ids.namespace(alias, step.namespace));
      else if (ref.chain !== undefined) {
        // The root filter table sees a hybrid port's packets at its qbr (physdev): a port's chain, or a
        // shared chain (sg-chain, sg-fallback) right after the port's qvb or tap.
        const port = portOfChain(t, ref.chain) ?? (ref.table === 'filter' ? lastPort : undefined);
        out.push(port ? hybridBridgeOf(t, alias, port) : undefined);
      }
      break;
  }
  return [...new Set(out.filter((e): e is string => e !== undefined))];
}

/** The patch ports joining two bridges the packet went between (br-ex:phy-br-ex ↔ br-int:int-br-ex). */
function patchBetween(t: Topology, alias: string, a: string, b: string): string[] {
  const from = t.ovs.bridges.find((x) => x.name === a);
  const to = t.ovs.bridges.find((x) => x.name === b);
  for (const p of from?.ports ?? []) {
    const peer = to?.ports.find((q) => q.name === p.patchPeer);
    if (peer) return [ids.ovsPort(alias, a, p.name), ids.ovsPort(alias, b, peer.name)];
  }
  return [];
}

/** The Neutron port a device step belongs to (tap, qbr, qvb, qvo carry its prefix). */
function portOfDevice(t: Topology, step: TraceStep): NeutronPort | undefined {
  const d = step.ref.device ? t.devices.find((x) => x.name === step.ref.device && x.namespace === step.namespace) : undefined;
  return d?.portPrefix ? t.ports.find((p) => p.prefix === d.portPrefix) : undefined;
}

/** The instance port a trace is about: its source, or the instance whose tap or qbr it reaches. */
export function tracePort(t: Topology, result: TraceResult): NeutronPort | undefined {
  if (result.request.from.kind === 'port') {
    const own = findNeutronPort(t, result.request.from.port);
    if (own) return own;
  }
  for (const s of result.steps) {
    const port = portOfDevice(t, s);
    if (port?.kind === 'instance') return port;
  }
  return undefined;
}

/** The picture elements of every step, in step order (the root filter table's shared chains go to the last port's qbr). */
export function traceStepElements(t: Topology, alias: string, result: TraceResult, host: HostGraph = buildHostGraph(t, alias)): string[][] {
  const present = elementIds(host);
  const out: string[][] = [];
  let bridge: string | null = null;
  let lastPort: NeutronPort | undefined;
  for (const step of result.steps) {
    if (out.length > 0 && step.trip !== result.steps[out.length - 1]!.trip) [bridge, lastPort] = [null, undefined];
    // A step on another host of the deployment (the walk crossed a tunnel): not on this host's picture.
    if (step.host !== undefined && step.host !== alias) {
      [bridge, lastPort] = [null, undefined];
      out.push([]);
      continue;
    }
    const elements = stepElements(t, alias, host, step, lastPort).filter((e) => present.has(e));
    lastPort = step.ref.kind === 'device' || step.ref.kind === 'linux-bridge' ? portOfDevice(t, step) : step.ref.kind === 'ovs-bridge' || step.namespace !== null ? undefined : lastPort;
    if (step.ref.kind === 'ovs-bridge' && step.ref.device) {
      if (bridge !== null && bridge !== step.ref.device) elements.unshift(...patchBetween(t, alias, bridge, step.ref.device).filter((e) => present.has(e)));
      bridge = step.ref.device;
    }
    out.push(elements);
  }
  return out;
}

/** The trace as the picture's path, and the focus to draw it in (the instance port's path, else the whole host).
 * `step`: a step the user asked to see, selected on the picture. */
export function traceOnPicture(t: Topology, alias: string, result: TraceResult, step: number | null = null): { focus: Focus; trace: TracePath } {
  const host = buildHostGraph(t, alias);
  const perStep = traceStepElements(t, alias, result, host);
  const hops: Hop[] = [];
  if (result.request.from.kind === 'outside' && host.nodes.some((n) => n.id === outsideId(alias))) hops.push({ label: 'outside', detail: null, elements: [outsideId(alias)] });
  result.steps.forEach((s, i) => {
    const elements = perStep[i]!;
    if (s.trip !== 'request' || elements.length === 0) return;
    const last = hops.at(-1);
    if (last && last.label === s.object && elements.every((e) => last.elements.includes(e))) return;
    hops.push({ label: s.object, detail: s.hop, elements });
  });
  const port = tracePort(t, result);
  const stop = result.verdict === 'dropped' ? [...(hops.at(-1)?.elements ?? [])] : [];
  // A bridge step lists the patch ports it came through first: select the bridge itself.
  const picked = step === null ? undefined : result.steps[step]?.ref.kind === 'ovs-bridge' ? perStep[step]?.at(-1) : perStep[step]?.[0];
  const selected = picked ?? null;
  return {
    focus: port ? { kind: 'port', id: port.id ?? port.prefix } : { kind: 'host' },
    trace: { title: requestTitle(result.request), verdict: result.verdict, line: result.line, hops, stop, selected },
  };
}

/** The focused graph with the trace's elements added (a trace may leave the port's path) and its hops as the path. */
export function withTrace(graph: PictureGraph, t: Topology, trace: TracePath): PictureGraph {
  const host = buildHostGraph(t, graph.alias);
  const keep = new Set<string>();
  for (const n of graph.nodes) {
    keep.add(n.id);
    for (const p of n.ports) keep.add(p.id);
  }
  for (const h of trace.hops) for (const e of h.elements) keep.add(e);
  const line = trace.line.length > NOTE_MAX ? `${trace.line.slice(0, NOTE_MAX - 1)}…` : trace.line;
  // The whole host stays as it was folded (folded elements are simply not lit).
  const cut = graph.focus.kind === 'host' ? { nodes: graph.nodes, edges: graph.edges } : subgraph(host, keep);
  return {
    ...graph,
    ...cut,
    title: `${graph.alias}: trace ${trace.title}: ${trace.verdict}`,
    path: trace.hops,
    notes: [...graph.notes, `Trace: ${line}`],
  };
}
