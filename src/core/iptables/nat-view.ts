// The NAT view of a router namespace: floating IP ↔ fixed IP pairs with the DNAT
// and SNAT rules behind each, the default SNAT and the metadata redirect.
import type { IptablesRule, IptablesTable } from '../parse/types';
import { hostAddress, isHostCidr } from './address';
import { explainRule } from './explain';
import { isFloatSnatChain, METADATA_ADDRESS } from './neutron-names';

export interface NatRuleRef {
  readonly chain: string;
  readonly raw: string;
  readonly explanation: string;
}

export interface FloatingPair {
  readonly floating: string;
  readonly fixed: string;
  readonly dnat: NatRuleRef[];
  readonly snat: NatRuleRef[];
}

export interface NatView {
  readonly floating: FloatingPair[];
  readonly defaultSnat: NatRuleRef[];
  readonly metadata: NatRuleRef[];
}

const ref = (rule: IptablesRule): NatRuleRef => ({ chain: rule.chain, raw: rule.raw, explanation: explainRule(rule) });

export function buildNatView(nat: IptablesTable): NatView {
  const pairs = new Map<string, { floating: string; fixed: string; dnat: NatRuleRef[]; snat: NatRuleRef[] }>();
  const pair = (floating: string, fixed: string) => {
    const key = `${floating}→${fixed}`;
    const found = pairs.get(key) ?? { floating, fixed, dnat: [], snat: [] };
    pairs.set(key, found);
    return found;
  };
  const defaultSnat: NatRuleRef[] = [];
  const metadata: NatRuleRef[] = [];
  for (const rule of nat.chains.flatMap((c) => c.rules)) {
    const toDestination = rule.targetOptions['--to-destination'];
    const toSource = rule.targetOptions['--to-source'];
    if (rule.target === 'DNAT' && toDestination && isHostCidr(rule.destination)) {
      pair(hostAddress(rule.destination) as string, stripPort(toDestination)).dnat.push(ref(rule));
    } else if (rule.target === 'SNAT' && toSource && isHostCidr(rule.source) && isFloatSnatChain(rule.chain)) {
      pair(stripPort(toSource), hostAddress(rule.source) as string).snat.push(ref(rule));
    } else if (rule.target === 'SNAT' && toSource) {
      defaultSnat.push(ref(rule));
    } else if (rule.target === 'REDIRECT' && hostAddress(rule.destination) === METADATA_ADDRESS) {
      metadata.push(ref(rule));
    }
  }
  const floating = [...pairs.values()].sort((a, b) => a.floating.localeCompare(b.floating, 'en', { numeric: true }));
  return { floating, defaultSnat, metadata };
}

/** "10.0.0.3:80" → "10.0.0.3" (DNAT/SNAT targets may carry a port or a range). */
function stripPort(address: string): string {
  return address.replace(/:[\d-]+$/, '');
}
