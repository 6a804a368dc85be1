// The one remote POSIX sh script behind a snapshot. It is read-only, runs as ONE exec
// (`[sudo -n] sh -c <script>`), and frames every section with markers that carry a
// per-run random nonce, so no command output can fake a section boundary.
//
// Output, per section (each marker line is preceded by a newline the script adds):
//   <M> B <id>          stdout of the section follows
//   <M> E <id> <rc>     exit status; stderr of the section follows
//   <M> Z <id>          end of the section
// Quick per-namespace sections leave their stderr on the channel's stderr, after
//   <M> S <id>          (on stderr) what follows on stderr belongs to that section
// Per namespace: `ns.<i>` (its name), `ns.<i>.ip` (JSON hosts: addr, route and list-id as
// three JSON lines from one `ip -batch`) or `ns.<i>.addr|route|ids` (text hosts), and
// `ns.<i>.nat` for router namespaces.
// Section ids are made only from fixed words and loop counters; namespace names travel
// as data in their own `ns.<i>` section and are only ever used as "$ns" inside the script.
import { randomBytes } from 'node:crypto';
import { backendScripts, type BackendTargets } from '../backends/scripts';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The marker prefix for a nonce; the parser splits on `\n` + this + ` `. */
export function markerFor(nonce: string): string {
  if (!/^[0-9a-f]{16,}$/.test(nonce)) throw new Error('nonce must be lowercase hex');
  return `DSN-${nonce}`;
}

/** Router-like namespaces whose nat table holds floating IPs. */
export const NAT_NAMESPACE_PREFIXES = ['qrouter-', 'snat-', 'fip-'] as const;

/** The OVS columns the snapshot reads (what parseOvsJson and the model use). */
export const OVS_COLUMNS = {
  bridge: '_uuid,name,ports,datapath_type,fail_mode,external_ids',
  port: '_uuid,name,interfaces,tag,external_ids,other_config',
  iface: '_uuid,name,type,options,external_ids,ofport,mac_in_use,error',
} as const;

export function snapshotScript(nonce: string, targets: BackendTargets = {}): string {
  const m = markerFor(nonce);
  const natCase = NAT_NAMESPACE_PREFIXES.map((p) => `${p}*`).join('|');
  return `M=${m}
# End every child when the channel closes or we are told to stop.
trap 'trap - TERM HUP INT PIPE; kill 0 2>/dev/null; exit 143' TERM HUP INT PIPE
export LC_ALL=C
PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
exec 3>&1
sec() {
  id=$1; shift
  printf '\\n%s B %s\\n' "$M" "$id"
  e=$("$@" 2>&1 >&3 3>&-)
  rc=$?
  printf '\\n%s E %s %s\\n%s\\n%s Z %s\\n' "$M" "$id" "$rc" "$e" "$M" "$id"
}
# A section whose body is known text: no command, no fork.
sect() { printf '\\n%s B %s\\n%s\\n%s E %s 0\\n\\n%s Z %s\\n' "$M" "$1" "$2" "$M" "$1" "$M" "$1"; }
# Per-namespace sections run hundreds of times: no subshell to capture stderr (a fork
# costs ~3 ms here); their stderr goes to the channel's stderr behind an S marker.
secq() {
  id=$1; shift
  printf '\\n%s S %s\\n' "$M" "$id" >&2
  printf '\\n%s B %s\\n' "$M" "$id"
  "$@"
  printf '\\n%s E %s %s\\n\\n%s Z %s\\n' "$M" "$id" "$?" "$M" "$id"
}
J=
if ip -j link show lo >/dev/null 2>&1; then J=-j; fi
N=
case $(ip -help 2>&1) in *'-n[etns]'*) N=1 ;; esac
nsip() { if [ -n "$N" ]; then ip -n "$ns" "$@"; else ip netns exec "$ns" ip "$@"; fi; }
# nsenter only joins the network namespace; ip netns exec also remounts /sys (slower).
if command -v nsenter >/dev/null 2>&1; then
  nsnat() { nsenter --net="$p" iptables-save -t nat; }
else
  nsnat() { ip netns exec "$ns" iptables-save -t nat; }
fi
# JSON hosts: one ip process per namespace prints addr and route; the namespace's own
# netns list-id (needed only to place veth peers in other namespaces) only when a device
# has a peer elsewhere. Three JSON lines either way.
nsbatch() {
  out=$(ip -n "$ns" -j -d -force -b - <<'EOF'
addr show
route show
EOF
)
  rc=$?
  [ -n "$out" ] || return $rc # could not enter the namespace: no parts at all
  printf '%s\\n' "$out"
  case $out in
    *'"link_netnsid"'*) ip -n "$ns" -j netns list-id ;;
    *) printf '[]\\n' ;;
  esac
  return $rc
}
# Rules held by the OTHER iptables back end (legacy vs nf_tables), which iptables-save does not show.
ips_other() {
  case $(iptables --version 2>/dev/null) in
    *nf_tables*) t=iptables-legacy-save ;;
    *legacy*) t=iptables-nft-save ;;
    *) return 0 ;;
  esac
  command -v "$t" >/dev/null 2>&1 || return 0
  printf '%s %s\n' "$t" "$("$t" 2>/dev/null | grep -c '^-A')"
}
procs() { ps -e -o comm=; }
# One ps for dnsmasq serves two sections (a ps costs ~100 ms on a busy host); its stderr is
# reproduced by a second ps only when the first one failed.
DPS=$(ps -f -ww -C dnsmasq 2>/dev/null)
DPS_RC=$?
dnsmasq_ps() {
  case $DPS_RC in
    0|1) [ -n "$DPS" ] && printf '%s\\n' "$DPS"; return 0 ;;
    *) ps -f -ww -C dnsmasq ;;
  esac
}
# The DHCP agent's interface and host files of each dnsmasq's state dir (from --dhcp-hostsfile):
# dnsmasq with --bind-dynamic (Neutron 20+) no longer names its interface. Runs in the section's
# subshell, so set -f (no globbing of the split words) stays there.
dhcp_files() {
  set -f
  for w in $DPS; do
    case $w in --dhcp-hostsfile=/*/host) d=\${w#--dhcp-hostsfile=}; grep -sH '' "\${d%/host}/interface" "$d" ;; esac
  done
  return 0
}
sect ipjson "$J"
sec hostname hostname
sec kernel uname -r
sec link ip $J -d link
sec addr ip $J -d addr
sec route ip $J route
sec netns ip netns list
sec netns-ids ip $J netns list-id
i=0
for p in /var/run/netns/* /var/run/netns/.*; do
  ns=\${p##*/}
  case "$ns" in .|..) continue ;; esac
  [ -e "$p" ] || continue
  i=$((i+1))
  sect ns.$i "$ns"
  if [ -n "$J" ]; then
    secq ns.$i.ip nsbatch
  else
    secq ns.$i.addr nsip -d addr
    secq ns.$i.route nsip route
    secq ns.$i.ids nsip netns list-id
  fi
  case "$ns" in ${natCase}) secq ns.$i.nat nsnat ;; esac
done
sec ovs.version ovs-vsctl --version
sec ovs.bridge ovs-vsctl --format=json --columns=${OVS_COLUMNS.bridge} list Bridge
sec ovs.port ovs-vsctl --format=json --columns=${OVS_COLUMNS.port} list Port
sec ovs.iface ovs-vsctl --format=json --columns=${OVS_COLUMNS.iface} list Interface
sec iptables iptables-save
sec iptables.variants ips_other
sec dnsmasq dnsmasq_ps
sec dhcp.files dhcp_files
sec procs procs
${backendScripts(targets)}printf '\\n%s DONE\\n' "$M"
`;
}
