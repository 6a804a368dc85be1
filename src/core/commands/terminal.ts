// The shell line behind "Open terminal in namespace".
import { quoteArgv } from '../shell/quote';

/** `sudo ip netns exec <ns> bash` (every word quoted), or a login shell on the host. */
export function terminalCommand(namespace: string | null, sudo: boolean): string {
  if (namespace === null) return quoteArgv(['bash', '-l']);
  return quoteArgv([...(sudo ? ['sudo'] : []), 'ip', 'netns', 'exec', namespace, 'bash']);
}
