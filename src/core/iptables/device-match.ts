// Does a rule mention a device? -i/-o (with iptables' trailing "+" wildcard)
// and --physdev-in/--physdev-out, negated or not.
import type { IptablesRule } from '../parse/types';

/** Whether an iptables interface pattern ("qr-+", "! qg-1234", "tap3f5a1b2c-4d") names the device. */
export function interfaceMatches(pattern: string | null, device: string): boolean {
  if (pattern === null) return false;
  const name = pattern.replace(/^!\s*/, '').trim();
  if (name.endsWith('+')) return device.startsWith(name.slice(0, -1));
  return name === device;
}

const HYBRID_PORT = /^(tap|qbr|qvb|qvo)([0-9a-f]{8}-[0-9a-f]{2})$/;

/**
 * The names that stand for the same instance port in iptables_hybrid: the rules
 * mention tap<port[:11]>, while the user may have picked its qbr/qvb/qvo.
 */
export function deviceAliases(device: string): string[] {
  const port = HYBRID_PORT.exec(device);
  if (port === null) return [device];
  const prefix = port[2];
  return [device, ...['tap', 'qbr', 'qvb', 'qvo'].map((kind) => kind + prefix).filter((name) => name !== device)];
}

export type InterfaceFields = Pick<IptablesRule, 'inInterface' | 'outInterface' | 'physdevIn' | 'physdevOut'>;

/** The rule's interface fields, in the order they are shown. */
export function ruleInterfaces(rule: InterfaceFields): (string | null)[] {
  return [rule.inInterface, rule.outInterface, rule.physdevIn, rule.physdevOut];
}

/** Whether the rule mentions the device (or, for an instance port, any of its hybrid names). */
export function ruleMentionsDevice(rule: InterfaceFields, device: string): boolean {
  const names = deviceAliases(device);
  return ruleInterfaces(rule).some((pattern) => names.some((name) => interfaceMatches(pattern, name)));
}

/** The concrete device names (no wildcards) that appear in the rules, sorted. */
export function devicesInRules(rules: Iterable<InterfaceFields>): string[] {
  const names = new Set<string>();
  for (const rule of rules) {
    for (const pattern of ruleInterfaces(rule)) {
      const name = pattern?.replace(/^!\s*/, '').trim();
      if (name && !name.endsWith('+')) names.add(name);
    }
  }
  return [...names].sort();
}
