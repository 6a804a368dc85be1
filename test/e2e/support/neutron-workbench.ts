// Steps every real-Neutron scenario file shares: add the lab host, trust its key, see the back end.
import type { Backend } from '../../lab/neutron/paths';
import { snap } from './hooks';
import { neutronLab } from './neutron';
import { addLabHost, trustLabHostKey } from './scenarios';

/** Adds the lab host from ~/.ssh/config, trusts its key after checking the fingerprint, and waits for the back end. */
export async function firstConnect(backend: Backend): Promise<void> {
  neutronLab(backend);
  await addLabHost();
  await trustLabHostKey(backend);
  await snap(`neutron ${backend} connected`);
}
