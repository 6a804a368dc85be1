// The shell line behind "Open terminal in namespace".
import { quoteArgv } from '../shell/quote';

/** `sudo ip netns exec <ns> bash`, or a login shell on the host, as an argv (a local terminal runs it as is). */
export function terminalArgv(namespace: string | null, sudo: boolean): string[] {
  if (namespace === null) return ['bash', '-l'];
  return [...(sudo ? ['sudo'] : []), 'ip', 'netns', 'exec', namespace, 'bash'];
}

/** The same, as shell text for an ssh pty (every word quoted). */
export function terminalCommand(namespace: string | null, sudo: boolean): string {
  return quoteArgv(terminalArgv(namespace, sudo));
}
