// The shell text sent over SSH for one argv (the local runner spawns the same
// wrapper as an argv, so "This machine" behaves exactly like a host over SSH). The command runs in its own
// process group (setsid) with stdin from /dev/null; a watcher reads the
// channel's stdin and, when it closes (we cancel, time out, or the connection
// drops), sends TERM to the whole group, then KILL if it is still there after 5 s. A TERM
// or HUP to the wrapper itself (ssh "signal" request) does the same.
//
// sudo does not take signals from the user who started it, so for `sudo -n …`
// the wrapper runs INSIDE sudo (as root): `sudo -n sh -c '<wrapper>' sh argv…`.
// sudo hands the channel's stdin straight to it, so the same EOF ends the job.
//
// The exit-status message is optional in SSH, and OpenSSH occasionally closes a
// channel before sending it (seen through ProxyJump, ~1 in 100 commands). So the
// wrapper also ends stderr with an in-band trailer carrying the status; the
// runner strips it and uses it when the SSH message is missing.

import { quoteArgv } from '../shell/quote';

/** Record separator + tag: what no real stderr ends with by accident. */
const TRAILER_HEAD = '\x1edevstack-net-exit:';
const TRAILER_HEAD_SHELL = '\\036devstack-net-exit:';
const TRAILER = /\x1edevstack-net-exit:(\d{1,3})\n$/;
/** Enough of stderr's end to hold one trailer. */
export const TRAILER_MAX_BYTES = TRAILER_HEAD.length + 4;

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
  `printf '${TRAILER_HEAD_SHELL}%s\\n' "$s" >&2`,
  'exit "$s"',
].join('\n');

/** `[sudo -n] sh -c '<wrapper>' sh argv…` as an argv (the local runner spawns it as is). */
export function wrapArgv(argv: readonly string[]): string[] {
  if (argv.length === 0) throw new Error('empty argv');
  if (argv[0] === 'sudo' && argv[1] === '-n' && argv.length > 2) {
    return ['sudo', '-n', 'sh', '-c', WRAPPER, 'sh', ...argv.slice(2)];
  }
  return ['sh', '-c', WRAPPER, 'sh', ...argv];
}

/** `[sudo -n] sh -c '<wrapper>' sh <quoted argv…>`: the argv stays data, never shell text. */
export function wrapForRemote(argv: readonly string[]): string {
  return quoteArgv(wrapArgv(argv));
}

/** Splits the wrapper's trailer off the end of stderr: the command's own stderr, and the status it carried. */
export function splitExitTrailer(stderr: string): { stderr: string; exitCode: number | null } {
  const match = TRAILER.exec(stderr);
  if (!match) return { stderr, exitCode: null };
  return { stderr: stderr.slice(0, match.index), exitCode: Number(match[1]) };
}
