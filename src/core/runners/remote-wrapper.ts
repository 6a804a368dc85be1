// The shell text sent over SSH for one argv. The command runs in its own
// process group (setsid) with stdin from /dev/null; a watcher reads the
// channel's stdin and, when it closes (we cancel, time out, or the connection
// drops), sends TERM to the whole group, then KILL if it is still there after 5 s. A TERM
// or HUP to the wrapper itself (ssh "signal" request) does the same.
//
// sudo does not take signals from the user who started it, so for `sudo -n …`
// the wrapper runs INSIDE sudo (as root): `sudo -n sh -c '<wrapper>' sh argv…`.
// sudo hands the channel's stdin straight to it, so the same EOF ends the job.

import { quoteArgv } from '../shell/quote';

const WRAPPER = [
  // Non-login ssh sessions often lack the sbin dirs where ip, bridge and ovs tools live.
  'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; export PATH',
  'exec 3<&0',
  'if command -v setsid >/dev/null 2>&1; then setsid "$@" </dev/null & else "$@" </dev/null & fi',
  'p=$!',
  'stop() { kill -TERM -"$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; }',
  "trap 'stop; exit 143' TERM HUP",
  '( trap - TERM HUP; read -r _ <&3; stop',
  '  for i in 1 2 3 4 5; do kill -0 -"$p" || kill -0 "$p" || exit 0; sleep 1; done',
  '  kill -KILL -"$p" || kill -KILL "$p" ) >/dev/null 2>&1 &',
  'w=$!',
  'exec 3<&-',
  'wait "$p"; s=$?',
  'kill "$w" 2>/dev/null',
  'exit "$s"',
].join('\n');

/** `[sudo -n] sh -c '<wrapper>' sh <quoted argv…>`: the argv stays data, never shell text. */
export function wrapForRemote(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty argv');
  if (argv[0] === 'sudo' && argv[1] === '-n' && argv.length > 2) {
    return quoteArgv(['sudo', '-n', 'sh', '-c', WRAPPER, 'sh', ...argv.slice(2)]);
  }
  return quoteArgv(['sh', '-c', WRAPPER, 'sh', ...argv]);
}
