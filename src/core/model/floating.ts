// Floating IP ↔ fixed IP pairs from a router's nat rules (any agent chain prefix:
// neutron-l3-agent-, neutron-vpn-agen-, quantum-l3-agent- …):
//   -A …-PREROUTING -d <fip>/32 -j DNAT --to-destination <fixed>
//   -A …-float-snat -s <fixed>/32 -j SNAT --to-source <fip>
import type { IptablesDump, IptablesRule } from '../parse/types';
import type { FloatingIp } from './types';

const HOST = /^([0-9a-fA-F.:]+?)(?:\/(32|128))?$/;

/** The plain address of a `-d 1.2.3.4/32` match (no negation, no wider prefix), or null. */
function hostOf(match: string | null): string | null {
  if (!match || match.startsWith('!')) return null;
  const m = HOST.exec(match.trim());
  return m ? m[1] : null;
}

/** A single address target (`--to-destination 10.0.0.3`, not a range or ip:port). */
function addressOf(option: string | undefined): string | null {
  if (!option || !/^[0-9.]+$|^[0-9a-fA-F:]+$/.test(option.trim())) return null;
  return option.trim();
}

export function floatingIpsOf(router: string, nat: IptablesDump): FloatingIp[] {
  const pairs = new Map<string, { floating: string; fixed: string; dnat: IptablesRule | null; snat: IptablesRule | null }>();
  const add = (floating: string, fixed: string, rule: IptablesRule, side: 'dnat' | 'snat') => {
    const key = `${floating} ${fixed}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { floating, fixed, dnat: null, snat: null }));
    // Prefer the PREROUTING rule over its OUTPUT twin (for locally originated traffic).
    const current = p[side];
    if (current === null || (current.chain.endsWith('OUTPUT') && !rule.chain.endsWith('OUTPUT'))) p[side] = rule;
  };
  for (const table of nat.tables) {
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        if (rule.target === 'DNAT') {
          const floating = hostOf(rule.destination);
          const fixed = addressOf(rule.targetOptions['--to-destination']);
          if (floating && fixed && rule.source === null) add(floating, fixed, rule, 'dnat');
        } else if (rule.target === 'SNAT') {
          const fixed = hostOf(rule.source);
          const floating = addressOf(rule.targetOptions['--to-source']);
          if (floating && fixed) add(floating, fixed, rule, 'snat');
        }
      }
    }
  }
  return [...pairs.values()].map((p) => ({ floating: p.floating, fixed: p.fixed, router, dnatRule: p.dnat?.raw ?? null, snatRule: p.snat?.raw ?? null }));
}
