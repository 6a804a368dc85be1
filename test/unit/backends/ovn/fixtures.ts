// The real OVN 23.03 output captured by test/fixtures/ovn/make-ovn-db.sh (see its README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NB_TABLES, SB_TABLES, type NbTable, type SbTable } from '../../../../src/core/backends/ovn/parse/tables';

export const REAL_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'ovn', 'real');

export function real(name: string): string {
  return readFileSync(join(REAL_DIR, name), 'utf8');
}

export function realNb(): Record<NbTable, string> {
  return Object.fromEntries(NB_TABLES.map((t) => [t, real(`nb-${t}.json`)])) as Record<NbTable, string>;
}

export function realSb(): Record<SbTable, string> {
  return Object.fromEntries(SB_TABLES.map((t) => [t, real(`sb-${t}.json`)])) as Record<SbTable, string>;
}

/** The Neutron ids make-ovn-db.sh uses. */
export const IDS = {
  net: '8f0d3b07-3670-493f-9c2a-5871da3c4449',
  pub: '5d12ed03-ca23-4738-8693-7a5141f2302d',
  router: 'e0289aed-e15a-4670-a2c7-441574f36471',
  vm: '0edf3845-2501-484c-a96b-a8783b080ffa',
  vm2: '2c9e6f3a-0b1d-4e5f-8a7b-9c0d1e2f3a4b',
  meta: '16bb228f-02e2-4099-80d5-4915ede8cd68',
  rif: 'a1b20d84-cd6e-4973-81c9-d73ab1a6c09f',
  rgw: '38939c52-01e2-4e9a-8eaf-156d2737e594',
  sg: 'e755eda1-c654-42b8-b20e-3de46ce4f0d6',
  chassis: 'b3470b6c-5c3e-4bde-9d61-2b7a3a6fd0c1',
  tcp22Rule: '3daa7461-f8a6-4f74-973a-890eaa4ada2e',
} as const;
