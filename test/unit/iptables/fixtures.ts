// Parsed iptables fixtures for the inspector tests: the lab's captures and the shared real captures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIptablesList, parseIptablesSave } from '../../../src/core/parse/iptables';
import type { IptablesDump, IptablesTable } from '../../../src/core/parse/types';
import type { Manifest } from '../../lab/manifest';
import { loadCapture } from '../helpers/captures';

const LAB_DIR = join(__dirname, '..', '..', 'fixtures', 'lab');

/** The lab's manifest, as test/lab/manifest.ts describes it. */
export type LabManifest = Manifest;

/** `iptables-save` of the lab's root namespace, its qrouter or its qdhcp namespace. */
export function labDump(which: 'root' | 'qrouter' | 'qdhcp'): IptablesDump {
  return parseIptablesSave(readFileSync(join(LAB_DIR, `iptables-save-${which}.txt`), 'utf8'), `lab ${which}`);
}

export function labManifest(): LabManifest {
  return JSON.parse(readFileSync(join(LAB_DIR, 'manifest.json'), 'utf8')) as LabManifest;
}

/** A capture parsed with iptables-save/-S rules (defaultTable for `-t nat -S`). */
export function captureDump(name: string, defaultTable = 'filter'): IptablesDump {
  return parseIptablesSave(loadCapture(name), name, defaultTable);
}

export function captureListDump(name: string): IptablesDump {
  return parseIptablesList(loadCapture(name), name);
}

export function table(dump: IptablesDump, name: string): IptablesTable {
  const found = dump.tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no ${name} table in the dump (tables: ${dump.tables.map((t) => t.name).join(', ')})`);
  return found;
}

const NEUTRON_DIR = join(__dirname, '..', '..', 'fixtures', 'neutron');

/** `iptables-save` from the real Neutron 21 lab (test/fixtures/neutron/<backend>/<file>; INDEX.md there says how each was taken). */
export function neutronDump(backend: string, name: string): IptablesDump {
  return parseIptablesSave(readFileSync(join(NEUTRON_DIR, backend, name), 'utf8'), `${backend}/${name}`);
}
