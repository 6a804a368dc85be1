// A router namespace's iptables (nat, filter, mangle) as the Neutron L3 agent writes them.
import type { Chain, FloatingIp, Router } from './manifest';
import { comments, declareChains, filterWrapJumps, MANGLE_BUILTINS, mangleWrapJumps, rawWrap } from './firewall';

const L3 = 'neutron-l3-agent';
/** The mark of "no address scope" (scope id 1024 << 16) that the L3 agent gives every port. */
const SCOPE_MARK = '0x4000000/0xffff0000';
const natChains = [`${L3}-OUTPUT`, `${L3}-POSTROUTING`, `${L3}-PREROUTING`, `${L3}-float-snat`, `${L3}-snat`, 'neutron-postrouting-bottom'];
const filterChains = ['neutron-filter-top', `${L3}-FORWARD`, `${L3}-INPUT`, `${L3}-OUTPUT`, `${L3}-local`, `${L3}-scope`];
const mangleChains = [`${L3}-FORWARD`, `${L3}-INPUT`, `${L3}-OUTPUT`, `${L3}-POSTROUTING`, `${L3}-PREROUTING`, `${L3}-float-snat`, `${L3}-floatingip`, `${L3}-mark`, `${L3}-scope`];

export function routerChains(router: Router): Chain[] {
  const ns = router.namespace;
  return [
    ...[`${L3}-OUTPUT`, `${L3}-PREROUTING`].map((name): Chain => ({ table: 'raw', name, namespace: ns })),
    ...natChains.map((name): Chain => ({ table: 'nat', name, namespace: ns })),
    ...filterChains.map((name): Chain => ({ table: 'filter', name, namespace: ns })),
    ...mangleChains.map((name): Chain => ({ table: 'mangle', name, namespace: ns })),
  ];
}


export function routerRestore(router: Router, floating: readonly FloatingIp[]): string {
  const qg = router.qg.name;
  const gw = router.qg.ip;
  const nat = [
    '*nat',
    ...declareChains(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], natChains),
    `-A PREROUTING -j ${L3}-PREROUTING`,
    `-A OUTPUT -j ${L3}-OUTPUT`,
    `-A POSTROUTING -j ${L3}-POSTROUTING`,
    `-A POSTROUTING -j neutron-postrouting-bottom`,
    ...floating.map((f) => `-A ${L3}-OUTPUT -d ${f.floating}/32 -j DNAT --to-destination ${f.fixed}`),
    `-A ${L3}-POSTROUTING ! -o ${qg} -m conntrack ! --ctstate DNAT -j ACCEPT`,
    `-A ${L3}-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697`,
    ...floating.map((f) => `-A ${L3}-PREROUTING -d ${f.floating}/32 -j DNAT --to-destination ${f.fixed}`),
    ...floating.map((f) => `-A ${L3}-float-snat -s ${f.fixed}/32 -j SNAT --to-source ${f.floating} --random-fully`),
    `-A ${L3}-snat -j ${L3}-float-snat`,
    `-A ${L3}-snat -o ${qg} -j SNAT --to-source ${gw} --random-fully`,
    `-A ${L3}-snat -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source ${gw} --random-fully`,
    `-A neutron-postrouting-bottom -m comment --comment "${comments.snatOut}" -j ${L3}-snat`,
    'COMMIT',
  ];
  const filter = [
    '*filter',
    ...declareChains(['INPUT', 'FORWARD', 'OUTPUT'], filterChains),
    ...filterWrapJumps(L3),
    `-A ${L3}-FORWARD -j ${L3}-scope`,
    `-A ${L3}-INPUT -m mark --mark 0x1/0xffff -j ACCEPT`,
    `-A ${L3}-INPUT -p tcp -m tcp --dport 9697 -j DROP`,
    // address scopes: traffic may leave through qr- only with that port's scope mark
    `-A ${L3}-scope -o ${router.qr.name} -m mark ! --mark ${SCOPE_MARK} -j DROP`,
    'COMMIT',
  ];
  const mangle = [
    '*mangle',
    ...declareChains(MANGLE_BUILTINS, mangleChains),
    ...mangleWrapJumps(L3),
    `-A ${L3}-PREROUTING -j ${L3}-mark`,
    `-A ${L3}-PREROUTING -j ${L3}-scope`,
    `-A ${L3}-PREROUTING -m connmark ! --mark 0x0/0xffff0000 -j CONNMARK --restore-mark --nfmask 0xffff0000 --ctmask 0xffff0000`,
    `-A ${L3}-PREROUTING -j ${L3}-floatingip`,
    `-A ${L3}-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x1/0xffff`,
    `-A ${L3}-float-snat -m connmark --mark 0x0/0xffff0000 -j CONNMARK --save-mark --nfmask 0xffff0000 --ctmask 0xffff0000`,
    `-A ${L3}-mark -i ${qg} -j MARK --set-xmark 0x2/0xffff`,
    `-A ${L3}-POSTROUTING -o ${qg} -m connmark --mark 0x0/0xffff0000 -j CONNMARK --save-mark --nfmask 0xffff0000 --ctmask 0xffff0000`,
    `-A ${L3}-scope -i ${router.qr.name} -j MARK --set-xmark ${SCOPE_MARK}`,
    `-A ${L3}-scope -i ${qg} -j MARK --set-xmark ${SCOPE_MARK}`,
    'COMMIT',
  ];
  // the L3 agent's table order: mangle, raw, filter, nat
  return [...mangle, ...rawWrap(L3), ...filter, ...nat, ''].join('\n');
}
