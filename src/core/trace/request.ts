// "10.0.0.3" or "172.24.4.11:22" → address and optional port (the CLI's --to and the panel's input box).

export function parseTraceTarget(text: string): { ip: string; port: number | null } | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(text.trim());
  if (m === null) return null;
  if ((m[1] as string).split('.').some((o) => Number(o) > 255)) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { ip: m[1] as string, port };
}
