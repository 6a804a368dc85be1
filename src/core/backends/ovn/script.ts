// The OVN part of the one snapshot exec (appended to src/core/snapshot/script.ts). It runs only
// when the host shows OVN (an ovn-controller or ovn-northd process, or external_ids:ovn-remote on
// the Open_vSwitch row) and reads the NB and SB tables the model needs, each database in ONE
// ovn-nbctl/ovn-sbctl process (`list A -- list B …`, one JSON table per command, in order).
//
// Sections: `ovn.detect` (evidence lines), `ovn.where` (`nb=<db>` / `sb=<db>` / `nb.from=` /
// `sb.from=` / `chassis=` this host's external_ids:system-id, its own chassis' name), `ovn.nb` and `ovn.sb` (the JSON tables). Database strings from the host settings
// travel as quoted data (OVN_NB/OVN_SB), never as script text.
import { quoteArg } from '../../shell/quote';
import { NB_TABLES, SB_TABLES } from './parse/tables';

/** Where the databases are, from the host settings (connection strings like `tcp:192.0.2.10:6641`). */
export interface OvnTargets {
  readonly ovnNorthbound?: string;
  readonly ovnSouthbound?: string;
}

/** An OVSDB remote (`unix:/path`, `tcp:host:port`, `ssl:host:port`, comma-separated for clusters). */
export const OVSDB_REMOTE = /^(?:(?:unix|tcp|ssl):[A-Za-z0-9_.:/[\]@%+=-]+)(?:,(?:unix|tcp|ssl):[A-Za-z0-9_.:/[\]@%+=-]+)*$/;

/** Seconds an ovn-nbctl/ovn-sbctl may wait for its database: a dead one cannot hang the snapshot. */
export const OVN_DB_TIMEOUT_SECONDS = 5;

/** Local sockets of an all-in-one node (packaged OVN, DevStack from source, old OVS-bundled OVN). */
const SOCKET_DIRS = ['/run/ovn', '/var/run/ovn', '/usr/local/var/run/ovn', '/var/run/openvswitch', '/usr/local/var/run/openvswitch'];

export function ovnScript(targets: OvnTargets = {}): string {
  const nb = checked(targets.ovnNorthbound, 'ovnNorthbound');
  const sb = checked(targets.ovnSouthbound, 'ovnSouthbound');
  const list = (tables: readonly string[]) => tables.map((t) => `list ${t}`).join(' -- ');
  const sock = (db: string) => SOCKET_DIRS.map((d) => `${d}/ovn${db}_db.sock`).join(' ');
  return `# ---- OVN (src/core/backends/ovn/script.ts)
OVN_NB=${quoteArg(nb)}
OVN_SB=${quoteArg(sb)}
ovn_remote=$(ovs-vsctl --timeout=2 get Open_vSwitch . external_ids:ovn-remote 2>/dev/null | tr -d '"')
ovn_chassis=$(ovs-vsctl --timeout=2 get Open_vSwitch . external_ids:system-id 2>/dev/null | tr -d '"')
ovn_ev=$(ps -e -o comm= 2>/dev/null | grep -x -E 'ovn-controller|ovn-northd' | sort -u | sed 's/^/process /')
[ -n "$ovn_remote" ] && ovn_ev="$ovn_ev
ovn-remote $ovn_remote"
if [ -n "$ovn_ev" ]; then
  sect ovn.detect "$ovn_ev"
  ovn_sock() { for s in $1; do [ -S "$s" ] && { printf 'unix:%s' "$s"; return 0; }; done; return 0; }
  ovn_nb=$OVN_NB; ovn_nb_from=setting
  [ -n "$ovn_nb" ] || { ovn_nb=$(ovn_sock '${sock('nb')}'); ovn_nb_from=socket; }
  ovn_sb=$OVN_SB; ovn_sb_from=setting
  [ -n "$ovn_sb" ] || { ovn_sb=$ovn_remote; ovn_sb_from=ovn-remote; }
  [ -n "$ovn_sb" ] || { ovn_sb=$(ovn_sock '${sock('sb')}'); ovn_sb_from=socket; }
  sect ovn.where "nb=$ovn_nb
nb.from=$ovn_nb_from
sb=$ovn_sb
sb.from=$ovn_sb_from
chassis=$ovn_chassis"
  if [ -n "$ovn_nb" ]; then
    sec ovn.nb ovn-nbctl --db="$ovn_nb" --timeout=${OVN_DB_TIMEOUT_SECONDS} --no-leader-only --format=json ${list(NB_TABLES)}
  fi
  if [ -n "$ovn_sb" ]; then
    sec ovn.sb ovn-sbctl --db="$ovn_sb" --timeout=${OVN_DB_TIMEOUT_SECONDS} --no-leader-only --format=json ${list(SB_TABLES)}
  fi
fi
`;
}

/** A setting's value when it is a valid remote; '' when unset. Invalid values never reach the script. */
function checked(value: string | undefined, name: string): string {
  const v = value?.trim() ?? '';
  if (v !== '' && !OVSDB_REMOTE.test(v)) throw new Error(`${name} must be an OVSDB remote like tcp:192.0.2.10:6641 or unix:/run/ovn/ovnnb_db.sock`);
  return v;
}
