// Parsers for the Linux bridge listings of a linuxbridge node: iproute2 `bridge link [show]` and the older
// `brctl show` (bridge-utils). Both name the bridge every port is in (brq<net[:11]>, with tap…, vxlan-<VNI>,
// a NIC or a VLAN subinterface as members).
import { ParseError } from './errors';
import { clip, guard, isNoise, splitLines, toInt, words } from './lines';

export interface BridgePort {
  readonly index: number;
  readonly name: string;
  /** Text after `@` in `name@peer` (a veth peer, `ifNN`), or null. */
  readonly peer: string | null;
  readonly flags: readonly string[];
  readonly mtu: number | null;
  /** The bridge the port is in; null when the line names none. */
  readonly master: string | null;
  /** STP port state: disabled, listening, learning, forwarding, blocking. */
  readonly state: string | null;
  readonly priority: number | null;
  readonly cost: number | null;
}

export interface BrctlBridge {
  readonly name: string;
  /** `8000.ecb1d7830cb0`: priority.MAC */
  readonly id: string;
  readonly stp: boolean;
  readonly interfaces: readonly string[];
}

/** STP port states `bridge link` prints (`ip link` prints operstates in capitals: UP, DOWN, UNKNOWN). */
const PORT_STATES = new Set(['disabled', 'listening', 'learning', 'forwarding', 'blocking']);
const PORT_LINE = /^(\d{1,10}): (\S+?): <([^>]*)>(.*)$/;

/** `bridge link [show]`: `N: ifname[@peer]: <FLAGS> mtu M master BR state S priority P cost C`, one line a port. */
export function parseBridgeLink(text: string, source = 'bridge link'): BridgePort[] {
  return guard(source, () => {
    const out: BridgePort[] = [];
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '' || isNoise(line)) return;
      // `bridge -d link` adds indented detail lines (hairpin, guard, learning …) under each port.
      if ((line[0] === ' ' || line[0] === '\t') && out.length > 0) return;
      const m = PORT_LINE.exec(line.trim());
      if (!m) throw new ParseError(source, i + 1, `not a \`bridge link\` port line: ${clip(line.trim())}`);
      const at = m[2].lastIndexOf('@');
      const fields: Record<string, string> = {};
      const rest = words(m[4]);
      for (let k = 0; k + 1 < rest.length; k += 2) {
        if (['mtu', 'master', 'state', 'priority', 'cost'].includes(rest[k])) fields[rest[k]] = rest[k + 1];
        else k--; // a lone word (`hwmode`, flags of newer iproute2): step one
      }
      if (fields.state === undefined || !PORT_STATES.has(fields.state)) {
        const why = fields.state === undefined ? 'without a port state' : `with state ${fields.state}, a link operstate, not an STP port state`;
        throw new ParseError(source, i + 1, `port line ${why} (is this \`ip link\` output?): ${clip(line.trim())}`);
      }
      out.push({
        index: Number(m[1]),
        name: at > 0 ? m[2].slice(0, at) : m[2],
        peer: at > 0 ? m[2].slice(at + 1) : null,
        flags: m[3].split(',').filter((f) => f !== ''),
        mtu: toInt(fields.mtu),
        master: fields.master ?? null,
        state: fields.state,
        priority: toInt(fields.priority),
        cost: toInt(fields.cost),
      });
    });
    return out;
  });
}

const BRIDGE_ID = /^[0-9a-f]{4}\.[0-9a-f]{12}$/i;

/**
 * `brctl show`: a header, then `name<TAB>id<TAB>stp<TAB>first member`, further members on lines of their own
 * that start with blanks. Columns are split on any run of blanks (pasted copies re-align the tabs).
 */
export function parseBrctlShow(text: string, source = 'brctl show'): BrctlBridge[] {
  return guard(source, () => {
    const out: { name: string; id: string; stp: boolean; interfaces: string[] }[] = [];
    let sawHeader = false;
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '' || isNoise(line)) return;
      const w = words(line);
      if (!sawHeader) {
        if (w.join(' ') !== 'bridge name bridge id STP enabled interfaces') {
          throw new ParseError(source, i + 1, `expected the "bridge name  bridge id  STP enabled  interfaces" header: ${clip(line.trim())}`);
        }
        sawHeader = true;
        return;
      }
      const continuation = line[0] === ' ' || line[0] === '\t';
      if (continuation) {
        const current = out[out.length - 1];
        if (current === undefined || w.length !== 1) throw new ParseError(source, i + 1, `not a member line: ${clip(line.trim())}`);
        current.interfaces.push(w[0]);
        return;
      }
      if (w.length < 3 || w.length > 4 || !BRIDGE_ID.test(w[1]) || (w[2] !== 'yes' && w[2] !== 'no')) {
        throw new ParseError(source, i + 1, `not a bridge line (name, id, yes|no, first member): ${clip(line.trim())}`);
      }
      out.push({ name: w[0], id: w[1], stp: w[2] === 'yes', interfaces: w[3] === undefined ? [] : [w[3]] });
    });
    if (!sawHeader) throw new ParseError(source, null, 'empty: no "bridge name … interfaces" header');
    return out;
  });
}
