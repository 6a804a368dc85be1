// Lesson commands run when the learner clicks "Run", without typing them, so a
// lesson file may only use commands that look and never change the host.
// Anything not known to be read-only is refused when the lesson is loaded.

type Check = (args: readonly string[]) => boolean;

const words = (args: readonly string[]): string[] => args.filter((a) => !a.startsWith('-'));
const only = (allowed: readonly string[]): ((word: string | undefined) => boolean) => (word) => word !== undefined && allowed.includes(word);

/** `ip [options] OBJECT [show|list|get …]`: no verb, or a verb that only shows. */
const ip: Check = (args) => {
  const [object, verb] = words(args);
  return object !== undefined && (verb === undefined || only(['show', 'list', 'ls', 'lst', 'get'])(verb));
};

const IPTABLES_OPTIONS = ['-S', '-L', '--list', '--list-rules', '-n', '--numeric', '-v', '--verbose', '-x', '--exact', '--line-numbers', '-t', '--table'];
/** Listing only: every option is a listing option (no -A, -D, -F, -Z …). */
const iptables: Check = (args) =>
  args.some((a) => ['-S', '-L', '--list', '--list-rules'].includes(a)) && args.every((a) => !a.startsWith('-') || IPTABLES_OPTIONS.includes(a));

/** One ovs-vsctl/ovs-ofctl command (no "--" chaining) whose verb only reads. */
const ovs =
  (verbs: readonly string[]): Check =>
  (args) =>
    !args.includes('--') && only(verbs)(words(args)[0]);

const READ_ONLY: Readonly<Record<string, Check>> = {
  ip,
  iptables,
  ip6tables: iptables,
  'iptables-save': (args) => args.every((a) => ['-c', '--counters', '-t', '--table'].includes(a) || !a.startsWith('-')),
  'ovs-vsctl': ovs(['show', 'list-br', 'list-ports', 'list-ifaces', 'port-to-br', 'iface-to-br', 'br-to-vlan', 'br-to-parent', 'br-exists', 'get', 'list', 'find']),
  'ovs-ofctl': ovs(['show', 'dump-flows', 'dump-ports', 'dump-ports-desc', 'dump-tables']),
  'ovn-nbctl': ovs(['show', 'list', 'find', 'get', 'acl-list', 'lr-nat-list', 'ls-list', 'lr-list', 'lsp-list', 'lrp-list', 'lr-route-list', 'dhcp-options-list', 'lsp-get-addresses', 'lsp-get-type']),
  'ovn-sbctl': ovs(['show', 'list', 'find', 'get', 'lflow-list', 'dump-flows']),
  'ovn-trace': () => true, // only reads the southbound database
  bridge: ip, // `bridge OBJECT [show]` reads like `ip`
  ps: () => true,
  cat: (args) => args.length > 0 && args.every((a) => !a.startsWith('-')), // prints files, e.g. the DHCP agent's interface file
  ss: () => true,
};

/** Why a lesson command's argv might change the host, or null when it only reads. */
export function readOnlyProblem(argv: readonly string[]): string | null {
  const [program, ...args] = argv;
  const check = program === undefined ? undefined : READ_ONLY[program];
  if (!check) return `"${program ?? ''}" is not on the read-only list (src/core/lesson/read-only.ts)`;
  return check(args) ? null : `"${argv.join(' ')}" might change the host: lesson commands must only read`;
}
