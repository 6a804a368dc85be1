// Topologies for the picture tests: the lab snapshot and the recorded scaled lab
// (100 routers, 100 networks, 200 instances, 100 floating IPs), through the real collector.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Topology } from '../../../src/core/model/types';
import { labTopology, topologyOf } from '../view/lab-snapshot';

export { labTopology };

/** Recorded with `devstack-net snapshot devstack-lab --raw` from `lab.sh up --routers 100 --networks 100 --instances 200 --floating 100`. */
export function scaledSnapshotText(): string {
  return gunzipSync(readFileSync(join(__dirname, '..', '..', 'fixtures', 'snapshot', 'snapshot-scaled.txt.gz'))).toString('utf8');
}

export function scaledTopology(): Promise<Topology> {
  return topologyOf(scaledSnapshotText());
}
