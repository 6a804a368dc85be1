// The Neutron DHCP agent's per-network state files, as `grep -H '' <dir>/interface <dir>/host`
// prints them: `<path>:<line>`. The `interface` file names the DHCP port's device (dnsmasq
// runs with --bind-dynamic since Neutron 20, so its command line no longer says); the `host`
// file holds one `mac,name,ip[,set:<port id>]` line per port of the network.
import { ParseError } from './errors';
import { clip, guard, splitLines } from './lines';

export interface DhcpHostEntry {
  readonly mac: string;
  readonly ip: string;
  readonly name: string | null;
  /** The full port id from `set:<port id>` (Neutron ≥ Pike), or null. */
  readonly portId: string | null;
}

export interface DhcpAgentDir {
  /** The network's state directory, e.g. /var/lib/neutron/dhcp/<net>. */
  readonly dir: string;
  readonly networkId: string | null;
  readonly interfaceFile: string | null;
  /** The DHCP port's device named by the interface file, or null. */
  readonly interface: string | null;
  readonly hostsFile: string | null;
  readonly hosts: readonly DhcpHostEntry[];
}

const LINE = /^(\/.*?)\/(interface|host):(.*)$/;
const NETWORK = /\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^\[([0-9a-fA-F:.]+)\]$/;
const PORT_ID = /^set:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Parses the `grep -H` lines; directories keep the order they first appear in. */
export function parseDhcpAgentFiles(text: string, source = 'DHCP agent files'): DhcpAgentDir[] {
  return guard(source, () => {
    const dirs = new Map<string, { dir: string; interfaceFile: string | null; interface: string | null; hostsFile: string | null; hosts: DhcpHostEntry[] }>();
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return;
      const m = LINE.exec(line);
      if (!m) throw new ParseError(source, i + 1, `not a <state dir>/interface: or /host: line: ${clip(line)}`);
      const [, dir, file, content] = m;
      let d = dirs.get(dir);
      if (!d) dirs.set(dir, (d = { dir, interfaceFile: null, interface: null, hostsFile: null, hosts: [] }));
      if (file === 'interface') {
        d.interfaceFile = `${dir}/interface`;
        const name = content.trim();
        if (d.interface === null && name !== '') d.interface = name;
        return;
      }
      d.hostsFile = `${dir}/host`;
      const entry = hostEntry(content);
      if (entry === null) throw new ParseError(source, i + 1, `not a mac,name,ip host line: ${clip(content)}`);
      d.hosts.push(entry);
    });
    return [...dirs.values()].map((d) => ({ ...d, networkId: NETWORK.exec(d.dir)?.[1]?.toLowerCase() ?? null }));
  });
}

/**
 * `fa:16:3e:…,host-10-0-0-5.openstacklocal,10.0.0.5,set:<port id>`; older agents wrote
 * `mac,name,ip`, and a client-id or tag field may come before the name. The MAC is first,
 * the address is the field that looks like one.
 */
function hostEntry(content: string): DhcpHostEntry | null {
  const fields = content.trim().split(',');
  const mac = fields[0];
  if (!MAC.test(mac)) return null;
  let ip: string | null = null;
  let name: string | null = null;
  let portId: string | null = null;
  for (const f of fields.slice(1)) {
    const v6 = IPV6.exec(f);
    const id = PORT_ID.exec(f);
    if (ip === null && IPV4.test(f)) ip = f;
    else if (ip === null && v6) ip = v6[1];
    else if (id) portId = id[1];
    else if (name === null && f !== '' && !f.includes(':')) name = f;
  }
  return ip === null ? null : { mac: mac.toLowerCase(), ip, name, portId };
}
