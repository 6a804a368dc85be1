// Parsers for `ip route`, `ip -j route` and `ip rule`.
import { z } from 'zod';
import { ParseError } from './errors';
import { clip, guard, isNoise, splitLines, toInt, words } from './lines';
import { type FieldRule, parseJson, safeParseTolerant, strictField, tolerantField, zodReason } from './schemas';
import type { IpRule, Route } from './types';

const ROUTE_TYPES = new Set([
  'unicast', 'local', 'broadcast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'anycast',
]);
/** Route keywords that take one value. */
const VALUED = new Set([
  'via', 'dev', 'proto', 'scope', 'src', 'metric', 'table', 'mtu', 'advmss', 'expires', 'pref', 'from', 'tos',
  'realm', 'realms', 'weight', 'hoplimit', 'initcwnd', 'initrwnd', 'rtt', 'rttvar', 'window', 'nhid', 'features',
  'quickack', 'congctl', 'fastopen_no_cookie', 'ttl-propagate', 'error', 'cwnd', 'ssthresh',
]);

/** Text `ip route [show] [table N]`, old (double and trailing spaces) and new. */
export function parseIpRoute(text: string, source = 'ip route'): Route[] {
  return guard(source, () => {
    const routes: Route[] = [];
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '' || isNoise(line)) return;
      const w = words(line);
      // Multipath continuation (`nexthop via … dev …`): the first hop fills gateway/device.
      if (w[0] === 'nexthop' && routes.length > 0) {
        const last = routes[routes.length - 1];
        const hop = keyValues(w, 1);
        if (last.gateway === null && last.device === null) {
          routes[routes.length - 1] = { ...last, gateway: gatewayOf(hop), device: hop.get('dev') ?? null };
        }
        return;
      }
      let k = 0;
      let type: string | null = null;
      if (ROUTE_TYPES.has(w[0]) && w.length > 1) type = w[k++];
      const destination = w[k++];
      if (destination === undefined || !isDestination(destination)) {
        throw new ParseError(source, i + 1, `not a route: ${clip(line)}`);
      }
      const kv = keyValues(w, k);
      routes.push({
        destination,
        gateway: gatewayOf(kv),
        device: kv.get('dev') ?? null,
        source: kv.get('src') ?? null,
        protocol: kv.get('proto') ?? null,
        scope: kv.get('scope') ?? null,
        metric: toInt(kv.get('metric')),
        table: kv.get('table') ?? null,
        type: type === 'unicast' ? null : type,
      });
    });
    return routes;
  });
}

function keyValues(w: readonly string[], from: number): Map<string, string> {
  const kv = new Map<string, string>();
  for (let k = from; k < w.length; k++) {
    const key = w[k];
    if (!VALUED.has(key) || k + 1 >= w.length) continue;
    let value = w[++k];
    // `via inet6 fe80::1`: the family word comes first.
    if (key === 'via' && (value === 'inet' || value === 'inet6') && k + 1 < w.length) value = w[++k];
    if (!kv.has(key)) kv.set(key, value);
  }
  return kv;
}

function gatewayOf(kv: Map<string, string>): string | null {
  return kv.get('via') ?? null;
}

function isDestination(word: string): boolean {
  return word === 'default' || /^[0-9a-fA-F:.]*[0-9a-fA-F][0-9a-fA-F:.]*(\/\d{1,3})?$/.test(word);
}

/** One route: `dst` is required, any other wrongly typed field is dropped (see FieldRule). */
const routeShape = (field: FieldRule) =>
  z.object({
    dst: z.string(),
    gateway: field(z.string()),
    dev: field(z.string()),
    prefsrc: field(z.string()),
    protocol: field(z.union([z.string(), z.number()])),
    scope: field(z.union([z.string(), z.number()])),
    metric: field(z.number().int()),
    table: field(z.union([z.string(), z.number()])),
    type: field(z.string()),
  });
const strictRoutes = z.array(routeShape(strictField));
const tolerantRoutes = z.array(routeShape(tolerantField));

/** `ip -j route [show table all]`. */
export function parseIpRouteJson(text: string, source = 'ip -j route'): Route[] {
  return guard(source, () => {
    if (text.trim() === '') return [];
    const r = safeParseTolerant(strictRoutes, tolerantRoutes, parseJson(text, source));
    if (!r.success) throw new ParseError(source, null, zodReason(r.error));
    return r.data.map((d) => ({
      destination: d.dst,
      gateway: d.gateway ?? null,
      device: d.dev ?? null,
      source: d.prefsrc ?? null,
      protocol: d.protocol === undefined ? null : String(d.protocol),
      scope: d.scope === undefined ? null : String(d.scope),
      metric: d.metric ?? null,
      table: d.table === undefined ? null : String(d.table),
      type: d.type === undefined || d.type === 'unicast' ? null : d.type,
    }));
  });
}

const RULE_ACTIONS = new Set(['blackhole', 'unreachable', 'prohibit', 'nop']);

/** `ip rule`: `0:\tfrom all lookup local`; 32-bit priorities and duplicate lines are kept. */
export function parseIpRule(text: string, source = 'ip rule'): IpRule[] {
  return guard(source, () => {
    const rules: IpRule[] = [];
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '' || isNoise(line)) return;
      const m = /^\s*(\d{1,10}):\s+(.*)$/.exec(line);
      const priority = m ? Number(m[1]) : NaN;
      if (!m || priority > 0xffffffff) throw new ParseError(source, i + 1, `not a rule: ${clip(line)}`);
      const w = words(m[2]);
      let at = w.findIndex((x) => x === 'lookup' || x === 'table');
      let table: string;
      if (at >= 0 && at + 1 < w.length) {
        table = w[at + 1];
      } else {
        at = w.findIndex((x) => RULE_ACTIONS.has(x) || x === 'goto');
        if (at < 0) throw new ParseError(source, i + 1, `rule without lookup or action: ${clip(line)}`);
        table = w[at] === 'goto' && at + 1 < w.length ? `goto ${w[at + 1]}` : w[at];
      }
      rules.push({ priority, selector: w.slice(0, at).join(' '), table });
    });
    return rules;
  });
}
