// "Trace packet…": asks for the packet (protocol, addresses, ports), prefilled from the OVS port.
import * as vscode from 'vscode';
import { isIP } from 'node:net';
import type { FlowTarget } from '../../core/messages/flow-inspector';
import type { OvsPortModel, Topology } from '../../core/model/types';

type Packet = NonNullable<FlowTarget['packet']>;

export async function askTracePacket(port: OvsPortModel, topology: Topology | undefined): Promise<Packet | undefined> {
  const device = port.device ? topology?.devices.find((d) => d.namespace === port.device!.namespace && d.name === port.device!.name) : undefined;
  const neutron = topology?.ports.find((p) => p.devices.some((d) => d.name === port.name));
  const ownAddress = device?.addresses.find((a) => a.family === 'inet')?.address ?? neutron?.addresses.find((a) => isIP(a) === 4) ?? '';
  const protocol = await vscode.window.showQuickPick(['tcp', 'udp', 'icmp', 'arp', 'ip'], { placeHolder: `Packet entering ${port.bridge} from ${port.name}: protocol` });
  if (!protocol) return undefined;
  const address = (prompt: string, value: string) => vscode.window.showInputBox({
    prompt, value, validateInput: (v) => (isIP(v.trim()) === 0 ? 'an IPv4 or IPv6 address' : undefined),
  });
  const source = await address(`Source address (the packet comes in from ${port.name})`, ownAddress);
  if (source === undefined) return undefined;
  const destination = await address('Destination address', '');
  if (destination === undefined) return undefined;
  let destinationPort: number | null = null;
  if (protocol === 'tcp' || protocol === 'udp') {
    const text = await vscode.window.showInputBox({
      prompt: 'Destination port', value: '22', validateInput: (v) => (/^\d{1,5}$/.test(v) && Number(v) <= 65535 ? undefined : 'a port number 0–65535'),
    });
    if (text === undefined) return undefined;
    destinationPort = Number(text);
  }
  const mac = port.attachedMac ?? device?.mac ?? neutron?.mac ?? null;
  return {
    protocol: protocol as Packet['protocol'], source: source.trim(), destination: destination.trim(),
    sourcePort: protocol === 'tcp' || protocol === 'udp' ? 40000 : null, destinationPort,
    sourceMac: mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac) ? mac.toLowerCase() : null, destinationMac: null,
  };
}
