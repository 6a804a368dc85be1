// The real Neutron lab for the scenarios of test/e2e/neutron/<back end>/ (E2E_NEUTRON=<back end>
// npm run test:e2e): its manifest, its API, and putting the seed's tcp/22 rule back.
import type { Backend } from '../../lab/neutron/paths';
import { NeutronApi } from '../../lab/neutron/api';
import { readNeutronManifest, type NeutronManifest } from '../../lab/neutron/manifest';
import { probeUntil, type ProbeResult } from '../../lab/neutron/probe';

/** The manifest of the Neutron lab that is up, which must be `backend`; fails loudly otherwise. */
export function neutronLab(backend: Backend): NeutronManifest {
  const want = process.env.E2E_NEUTRON;
  if (want !== backend) throw new Error(`this scenario needs the ${backend} Neutron lab: run it with E2E_NEUTRON=${backend} npm run test:e2e (E2E_NEUTRON is ${want ?? 'unset'})`);
  const m = readNeutronManifest();
  if (!m) throw new Error('the Neutron lab is not up (.lab/manifest.json has no back end)');
  if (m.backend !== backend) throw new Error(`the Neutron lab that is up runs ${m.backend}, not ${backend}`);
  return m;
}

export const neutronApi = (m: NeutronManifest) => new NeutronApi(m.neutron.apiUrl);

/** Deletes the default group's ingress tcp/22 rule through the API; resolves once a real connect fails. */
export async function deleteSshRule(m: NeutronManifest): Promise<ProbeResult> {
  const api = neutronApi(m);
  for (const rule of await api.findSgRules(m.neutron.securityGroupId, 'tcp', 22)) await api.deleteSgRule(rule.id);
  return probeUntil({ from: 'root', to: m.floatingIps[0]!.floating, proto: 'tcp', port: 22 }, 'failed', 60_000);
}

/** Puts the ingress tcp/22 rule back (when it is missing); resolves once a real connect succeeds. */
export async function restoreSshRule(m: NeutronManifest): Promise<ProbeResult> {
  const api = neutronApi(m);
  if ((await api.findSgRules(m.neutron.securityGroupId, 'tcp', 22)).length === 0) {
    await api.addSgRule({ securityGroupId: m.neutron.securityGroupId, protocol: 'tcp', portMin: 22 });
  }
  return probeUntil({ from: 'root', to: m.floatingIps[0]!.floating, proto: 'tcp', port: 22 }, 'delivered', 60_000);
}
