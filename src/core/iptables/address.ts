// IPv4 addresses and CIDRs as they appear in iptables rules ("10.0.0.0/24", "! 10.0.0.3/32").

/** The address as a 32-bit number, or null when it is not dotted-quad IPv4. */
export function ipv4ToNumber(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export interface Cidr {
  readonly base: number;
  readonly prefixLength: number;
}

/** Parses "10.0.0.0/24" or "10.0.0.3" (a /32); a leading "!" is ignored. */
export function parseCidr(text: string): Cidr | null {
  const [address, length = '32'] = text.replace(/^!\s*/, '').trim().split('/');
  const base = ipv4ToNumber(address ?? '');
  const prefixLength = /^\d{1,2}$/.test(length) ? Number(length) : NaN;
  if (base === null || !(prefixLength >= 0 && prefixLength <= 32)) return null;
  return { base, prefixLength };
}

/** Whether `address` lies inside `cidr` (the negation of "! cidr" is not applied). */
export function cidrContains(cidr: string, address: string): boolean {
  const range = parseCidr(cidr);
  const ip = ipv4ToNumber(address);
  if (range === null || ip === null) return false;
  const size = 2 ** (32 - range.prefixLength);
  const start = Math.floor(range.base / size) * size;
  return ip >= start && ip < start + size;
}

/** "10.0.0.3/32" → "10.0.0.3"; other CIDRs unchanged; null → null. */
export function hostAddress(cidr: string | null): string | null {
  if (cidr === null) return null;
  return cidr.endsWith('/32') ? cidr.slice(0, -3) : cidr;
}

/** Whether the CIDR names one host (/32 or no prefix). */
export function isHostCidr(cidr: string | null): boolean {
  return cidr !== null && !cidr.startsWith('!') && parseCidr(cidr)?.prefixLength === 32;
}
