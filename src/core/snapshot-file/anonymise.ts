// Anonymising a snapshot for a public bug report: every IPv4, IPv6 and MAC address and every host
// name is replaced, consistently across the whole file (raw output, reads, metadata).
// - IPv4: the first 24 bits are mapped prefix-preservingly (addresses that share a prefix still
//   share it, so subnets, CIDRs and "same network" stay true); the last octet is kept, so .0
//   networks, .1 gateways, /31 pairs and .255 broadcasts keep their shape. The first octet moves
//   among ordinary unicast octets only. 0/8, loopback, 169/8 (link-local, the metadata address)
//   and multicast/broadcast are kept as they are.
// - IPv6: the first 64 bits are mapped prefix-preservingly within their class; an EUI-64 interface id follows its
//   MAC; other interface ids are hashed unless tiny (::1, ::2); ::, ::1, fe80::/64 prefixes and
//   multicast are kept.
// - MAC: the vendor prefix (fa:16:3e is OpenStack's) and all-zero/broadcast/multicast are kept;
//   the last three bytes are replaced.
// - Host names: the hostname (full and short), the alias and the target's host become host-N.
// The key is random per save: two anonymised files cannot be joined on their pseudonyms.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { SnapshotFile } from './format';

export class Anonymiser {
  private readonly bitCache = new Map<string, number>();
  private readonly macs = new Map<string, string>();
  private readonly usedMacs = new Set<string>();
  private readonly names = new Map<string, string>();
  private namePattern: RegExp | null = null;
  private octets: Map<number, number> | null = null;

  constructor(private readonly key: Buffer = randomBytes(32)) {}

  /** Registers host names to replace (whole words, case-insensitive). */
  addNames(names: readonly (string | null | undefined)[]): void {
    for (const raw of names) {
      const name = raw?.trim().toLowerCase();
      if (!name || name.length < 2 || isIPv4(name) || isIPv6(name) || this.names.has(name)) continue;
      this.names.set(name, `host-${this.names.size + 1}`);
      const short = name.split('.', 1)[0]!;
      if (short !== name && short.length >= 2 && !this.names.has(short)) this.names.set(short, this.names.get(name)!);
    }
    const alternatives = [...this.names.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.namePattern = alternatives.length ? new RegExp(`(?<![A-Za-z0-9-])(?:${alternatives.join('|')})(?![A-Za-z0-9-])`, 'gi') : null;
  }

  name(name: string): string {
    return this.names.get(name.toLowerCase()) ?? name;
  }

  /** Every address and registered name in a text. */
  text(text: string): string {
    const addressed = text.replace(TOKEN, (token) => this.token(token));
    return this.namePattern ? addressed.replace(this.namePattern, (m) => this.name(m)) : addressed;
  }

  ipv4(address: string): string {
    const n = ipv4ToNumber(address);
    if (keepIPv4(n)) return address;
    // The first octet is permuted among ordinary unicast octets (never into loopback, link-local
    // or multicast); the next 16 bits are prefix-preserving under it; the last octet is kept.
    const first = this.firstOctet(n >>> 24);
    const middle = this.preserve(BigInt((n >>> 8) & 0xffff), 16, `v4:${n >>> 24}`);
    return numberToIpv4(first * 2 ** 24 + Number(middle) * 256 + (n & 0xff));
  }

  ipv6(address: string): string {
    const v = ipv6ToBigInt(address);
    if (v === null) return address;
    const high = v >> 64n;
    const low = v & MASK64;
    if (v <= 1n || high >> 56n === 0xffn) return address; // ::, ::1, multicast
    if (high >> 48n === 0n && (high & 0xffffffffffffn) === 0n && low >> 32n === 0xffffn) {
      // ::ffff:a.b.c.d (IPv4-mapped)
      const mapped = ipv4ToNumber(this.ipv4(numberToIpv4(Number(low & 0xffffffffn))));
      return bigIntToIpv6((0xffffn << 32n) | BigInt(mapped), address.includes('.'));
    }
    // The address class stays: the top 3 bits (2000::/3 stays global), or the top 10 bits in
    // e000::/3 (ULA fc00::/7 stays ULA; fe80::/10 link-local prefixes are kept whole).
    const keep = high >> 61n === 7n ? 10n : 3n;
    const rest = 64n - keep;
    const newHigh =
      high >> 54n === 0x3fan ? high : ((high >> rest) << rest) | this.preserve(high & ((1n << rest) - 1n), Number(rest), `v6:${high >> rest}`);
    return bigIntToIpv6((newHigh << 64n) | this.interfaceId(low), false);
  }

  private firstOctet(octet: number): number {
    if (!this.octets) {
      const ordinary = Array.from({ length: 223 }, (_, i) => i + 1).filter((o) => o !== 127 && o !== 169);
      const shuffled = [...ordinary].sort((a, b) => this.hmac(`v4:${a}`).compare(this.hmac(`v4:${b}`)));
      this.octets = new Map(ordinary.map((o, i) => [o, shuffled[i]!]));
    }
    return this.octets.get(octet) ?? octet;
  }

  mac(mac: string): string {
    const lower = mac.toLowerCase();
    const first = parseInt(lower.slice(0, 2), 16);
    if (lower === '00:00:00:00:00:00' || lower === 'ff:ff:ff:ff:ff:ff' || (first & 1) === 1) return mac;
    let out = this.macs.get(lower);
    if (!out) {
      for (let round = 0; ; round++) {
        const h = this.hmac(`mac:${round}:${lower}`);
        out = `${lower.slice(0, 8)}:${[0, 1, 2].map((i) => h[i]!.toString(16).padStart(2, '0')).join(':')}`;
        if (!this.usedMacs.has(out) && out !== lower) break;
      }
      this.macs.set(lower, out);
      this.usedMacs.add(out);
    }
    return mac === lower ? out : out.toUpperCase();
  }

  private token(token: string): string {
    // A token may end with sentence dots or a colon that belong to the text, or carry :port.
    const core = /^(.*?)([.:]*)$/s.exec(token)!;
    const [body, tail] = [core[1]!, core[2]!];
    if (MAC.test(body)) return this.mac(body) + tail;
    if (isIPv4(body)) return this.ipv4(body) + tail;
    const withPort = /^(\d+\.\d+\.\d+\.\d+)(:\d+)$/.exec(body);
    if (withPort && isIPv4(withPort[1]!)) return this.ipv4(withPort[1]!) + withPort[2] + tail;
    if (isIPv6(body)) return this.ipv6(body) + tail;
    if (isIPv6(token)) return this.ipv6(token);
    return token;
  }

  private interfaceId(low: bigint): bigint {
    if (low < 0x10000n) return low;
    if (((low >> 24n) & 0xffffn) === 0xfffen) {
      // EUI-64: the MAC with the universal/local bit flipped and ff:fe in the middle.
      const bytes = Array.from({ length: 8 }, (_, i) => Number((low >> BigInt(56 - 8 * i)) & 0xffn));
      const mac = [bytes[0]! ^ 2, bytes[1]!, bytes[2]!, bytes[5]!, bytes[6]!, bytes[7]!].map((b) => b.toString(16).padStart(2, '0')).join(':');
      const m = this.mac(mac).split(':').map((b) => parseInt(b, 16));
      const out = [m[0]! ^ 2, m[1]!, m[2]!, 0xff, 0xfe, m[3]!, m[4]!, m[5]!];
      return out.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    }
    const h = this.hmac(`iid:${low.toString(16)}`);
    return h.subarray(0, 8).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) | 0x10000n;
  }

  /** Prefix-preserving map of the top `bits` bits: bit i flips by a keyed function of bits 0..i-1. */
  private preserve(value: bigint, bits: number, family: string): bigint {
    let out = 0n;
    let prefix = '';
    for (let i = 0; i < bits; i++) {
      const bit = Number((value >> BigInt(bits - 1 - i)) & 1n);
      const cacheKey = `${family}:${prefix}`;
      let flip = this.bitCache.get(cacheKey);
      if (flip === undefined) {
        flip = this.hmac(cacheKey)[0]! & 1;
        this.bitCache.set(cacheKey, flip);
      }
      out = (out << 1n) | BigInt(bit ^ flip);
      prefix += bit;
    }
    return out;
  }

  private hmac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }
}

/** A copy of the file with every address and host name replaced (see the top of this file). */
export function anonymiseSnapshot(file: SnapshotFile, anonymiser = new Anonymiser()): SnapshotFile {
  const targetHost = hostOfTarget(file.meta.target);
  anonymiser.addNames([file.meta.hostname, file.meta.alias, targetHost, hostnameSection(file)]);
  const t = (s: string) => anonymiser.text(s);
  return {
    ...file,
    meta: {
      ...file.meta,
      alias: anonymiser.name(file.meta.alias),
      target: targetHost ? anonymiser.text(anonymiser.name(targetHost)) : '',
      hostname: file.meta.hostname === null ? null : t(file.meta.hostname),
      anonymised: true,
    },
    snapshot: { ...file.snapshot, stdout: t(file.snapshot.stdout), stderr: t(file.snapshot.stderr) },
    reads: file.reads.map((r) => ({
      ...r,
      argv: r.argv.map(t),
      label: r.label === null ? null : t(r.label),
      namespace: r.namespace === null ? null : t(r.namespace),
      stdout: t(r.stdout),
      stderr: t(r.stderr),
    })),
  };
}

/** `user@host:port` / `user@[v6]:port` / a Host alias → the host part. */
export function hostOfTarget(target: string): string {
  const afterUser = target.includes('@') ? target.slice(target.lastIndexOf('@') + 1) : target;
  const bracket = /^\[(.*)\](?::\d+)?$/.exec(afterUser);
  if (bracket) return bracket[1]!;
  return isIPv6(afterUser) ? afterUser : afterUser.replace(/:\d+$/, '');
}

function hostnameSection(file: SnapshotFile): string | null {
  const m = new RegExp(`DSN-${file.snapshot.nonce} B hostname\\n([^\\n]*)`).exec(file.snapshot.stdout);
  return m ? m[1]!.trim() || null : null;
}

/** Candidate address tokens: runs of hex digits, colons and dots not inside a word. */
const TOKEN = /(?<![\w.:-])[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(?![\w-])/g;
const MAC = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;
const MASK64 = (1n << 64n) - 1n;

function keepIPv4(n: number): boolean {
  const a = n >>> 24;
  return a === 0 || a === 127 || a === 169 || a >= 224;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function ipv6ToBigInt(address: string): bigint | null {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToNumber(v4[1]!);
    text = text.slice(0, -v4[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function bigIntToIpv6(v: bigint, dottedTail: boolean): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  if (dottedTail) {
    const n = groups[6]! * 65536 + groups[7]!;
    return `${compress(groups.slice(0, 6))}${groups.slice(0, 6).every((g) => g === 0) ? '' : ':'}${numberToIpv4(n)}`.replace(/^:(?!:)/, '::');
  }
  return compress(groups);
}

/** RFC 5952 text: lowercase, the longest run (≥ 2) of zero groups as `::`. */
function compress(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
