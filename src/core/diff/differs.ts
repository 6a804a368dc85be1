// The common differs: one per kind of thing in the Topology. Identity keys are names
// (namespace/device name, table/chain, rule text), never list positions.
import type { Topology } from '../model/types';
import type { IptablesDump } from '../parse/types';
import type { DiffItem, KindDiffer } from './types';


const refText = (r: { namespace: string | null; name: string } | null) => (r ? `${r.namespace ?? ''}/${r.name}` : null);

export const hostDiffer: KindDiffer = {
  kind: 'host',
  *items(t) {
    yield ['host', { name: t.host.hostname ?? t.host.target, namespace: null, fields: { kernel: t.host.kernel, backend: t.backend.kind } }];
  },
};

export const namespaceDiffer: KindDiffer = {
  kind: 'namespace',
  *items(t) {
    for (const ns of t.namespaces) {
      const routes = ns.routes.map((r) => `${r.destination} via ${r.gateway ?? '-'} dev ${r.device ?? '-'}`);
      yield [ns.name, { name: ns.name, namespace: ns.name, fields: { routes } }];
    }
  },
};

export const deviceDiffer: KindDiffer = {
  kind: 'device',
  *items(t) {
    for (const d of t.devices) {
      const item: DiffItem = {
        name: d.name,
        namespace: d.namespace,
        fields: {
          state: d.state,
          addresses: d.addresses.map((a) => `${a.address}/${a.prefixLength}`).sort(),
          peer: refText(d.peer),
          tag: d.ovsTag,
          bridge: d.ovsBridge,
          master: d.master,
          mac: d.mac,
          mtu: d.mtu,
          kind: d.kind,
          role: d.role,
        },
      };
      yield [d.key, item];
    }
  },
};

export const ovsBridgeDiffer: KindDiffer = {
  kind: 'ovsBridge',
  *items(t) {
    for (const b of t.ovs.bridges) yield [b.name, { name: b.name, namespace: null, fields: { datapathType: b.datapathType } }];
  },
};

export const ovsPortDiffer: KindDiffer = {
  kind: 'ovsPort',
  within: 'ovsBridge',
  *items(t) {
    for (const b of t.ovs.bridges) {
      for (const p of b.ports) {
        const fields = { bridge: p.bridge, tag: p.tag, type: p.type, ofport: p.ofport, patchPeer: p.patchPeer, remoteIp: p.remoteIp, ifaceId: p.ifaceId, attachedMac: p.attachedMac };
        yield [p.name, { name: p.name, namespace: p.device?.namespace ?? null, fields, parent: b.name }];
      }
    }
  },
};

export const linuxBridgeDiffer: KindDiffer = {
  kind: 'linuxBridge',
  *items(t) {
    for (const b of t.linuxBridges) {
      yield [`${b.namespace ?? ''}/${b.name}`, { name: b.name, namespace: b.namespace, fields: { members: [...b.members].sort() } }];
    }
  },
};

export const neutronPortDiffer: KindDiffer = {
  kind: 'port',
  *items(t) {
    for (const p of t.ports) {
      const fields = {
        kind: p.kind,
        'data path': p.devices.map(refText),
        mac: p.mac,
        addresses: [...p.addresses].sort(),
        bridge: p.ovsBridge,
        tag: p.vlanTag,
        'security groups': [p.sgChains.inbound, p.sgChains.outbound, p.sgChains.spoofing],
      };
      yield [p.prefix, { name: p.id ?? p.prefix, namespace: null, fields }];
    }
  },
};

export const floatingIpDiffer: KindDiffer = {
  kind: 'floatingIp',
  *items(t) {
    for (const f of t.floatingIps) {
      yield [`${f.router}/${f.floating}`, { name: f.floating, namespace: f.router, fields: { fixed: f.fixed, dnat: f.dnatRule, snat: f.snatRule } }];
    }
  },
};

/** Every iptables dump of the topology with its namespace: the root one and the routers' nat tables. */
function* dumps(t: Topology): Iterable<readonly [string | null, IptablesDump]> {
  if (t.iptables) yield [null, t.iptables];
  for (const [ns, dump] of Object.entries(t.routerNat)) yield [ns, dump];
}

/** The rule as written, without inline counters (`-c packets bytes`). */
export function ruleText(table: string, raw: string): string {
  return `-t ${table} ${raw.replace(/^\[\d+:\d+\]\s*/, '').replace(/ -c \d+ \d+(?= |$)/, '')}`;
}

/** ruleText of a rule object, computed once (the chain and rule differs both ask for every rule). */
const ruleTexts = new WeakMap<object, string>();
function ruleTextOf(table: string, rule: { readonly raw: string }): string {
  let text = ruleTexts.get(rule);
  if (text === undefined) ruleTexts.set(rule, (text = ruleText(table, rule.raw)));
  return text;
}

const chainKey = (ns: string | null, table: string, chain: string) => `${ns ?? ''}/${table}/${chain}`;

export const chainDiffer: KindDiffer = {
  kind: 'chain',
  *items(t) {
    for (const [ns, dump] of dumps(t)) {
      for (const table of dump.tables) {
        for (const chain of table.chains) {
          const order = chain.rules.map((r) => ruleTextOf(table.name, r));
          yield [
            chainKey(ns, table.name, chain.name),
            // 'rule order' is compared by the engine on the rules both sides share (see diff.ts).
            { name: `${table.name}/${chain.name}`, namespace: ns, fields: { policy: chain.policy, 'rule order': order }, counters: { counters: chain.counters } },
          ];
        }
      }
    }
  },
};

export const ruleDiffer: KindDiffer = {
  kind: 'rule',
  within: 'chain',
  *items(t) {
    for (const [ns, dump] of dumps(t)) {
      for (const table of dump.tables) {
        for (const chain of table.chains) {
          const seen = new Map<string, number>();
          for (const r of chain.rules) {
            const text = ruleTextOf(table.name, r);
            const n = (seen.get(text) ?? 0) + 1;
            seen.set(text, n);
            const key = `${chainKey(ns, table.name, chain.name)}/${text}${n > 1 ? `#${n}` : ''}`;
            yield [key, { name: text, namespace: ns, fields: {}, counters: { counters: r.counters }, parent: chainKey(ns, table.name, chain.name) }];
          }
        }
      }
    }
  },
};

/** The differs every back end shares, in report order. A back end appends its own (src/core/backends, backendDiffers). */
export const DEFAULT_DIFFERS: readonly KindDiffer[] = [
  hostDiffer,
  namespaceDiffer,
  deviceDiffer,
  ovsBridgeDiffer,
  ovsPortDiffer,
  linuxBridgeDiffer,
  neutronPortDiffer,
  chainDiffer,
  ruleDiffer,
  floatingIpDiffer,
];
