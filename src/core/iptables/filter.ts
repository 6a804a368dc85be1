// The search box: free text, an IPv4 address (also inside a rule's CIDR) or an interface.
import type { IptablesRule } from '../parse/types';
import { cidrContains, ipv4ToNumber, parseCidr } from './address';
import { interfaceMatches, ruleInterfaces, type InterfaceFields } from './device-match';

export type RuleQuery =
  | { readonly kind: 'empty' }
  | { readonly kind: 'address'; readonly address: string; readonly text: string }
  | { readonly kind: 'text'; readonly text: string };

export function parseQuery(input: string): RuleQuery {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  const address = text.split('/')[0] as string;
  if (ipv4ToNumber(address) !== null && parseCidr(text) !== null) return { kind: 'address', address, text };
  return { kind: 'text', text };
}

/** The parts of a rule the search looks at (rule records and view rows both have them). */
export type SearchableRule = InterfaceFields & Pick<IptablesRule, 'raw' | 'comment' | 'source' | 'destination' | 'targetOptions'>;

const ADDRESS_FIELDS = (rule: SearchableRule): (string | null | undefined)[] => [
  rule.source,
  rule.destination,
  rule.targetOptions['--to-destination'],
  rule.targetOptions['--to-source'],
];

/** Whether the address is one the rule matches (source/destination CIDR) or rewrites to. */
export function ruleMatchesAddress(rule: SearchableRule, address: string): boolean {
  return ADDRESS_FIELDS(rule).some((field) => {
    if (!field) return false;
    const plain = field.replace(/^!\s*/, '').replace(/:[\d-]+$/, '');
    return plain.includes('/') ? cidrContains(plain, address) : plain === address || plain.startsWith(`${address}-`);
  });
}

/** Whether a rule matches the query; `extra` is more text to search (the explanation). */
export function ruleMatchesQuery(rule: SearchableRule, query: RuleQuery, extra = ''): boolean {
  switch (query.kind) {
    case 'empty':
      return true;
    case 'address':
      return ruleMatchesAddress(rule, query.address) || rule.raw.includes(query.text);
    case 'text': {
      const needle = query.text.toLowerCase();
      const haystack = `${rule.raw}\n${rule.comment ?? ''}\n${extra}`.toLowerCase();
      return haystack.includes(needle) || ruleInterfaces(rule).some((pattern) => interfaceMatches(pattern, query.text));
    }
  }
}
