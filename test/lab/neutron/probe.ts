// Ground truth: does a packet really get there? Probes run from the root namespace (the "outside",
// behind br-ex) or from a guest's namespace, with real ping / TCP / UDP.
import { exec, inNetns } from '../exec';

export interface ProbeSpec {
  /** 'root' = this host's root namespace (the public network side); otherwise a namespace (a guest: vm-<port[:8]>) */
  from: 'root' | string;
  to: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port?: number;
  timeoutSeconds?: number;
  /** where `from`'s namespace file is, when not /run/netns (a compute's guests: /run/devstack-compute/netns) */
  netnsDir?: string;
}

export interface ProbeResult {
  verdict: 'delivered' | 'failed';
  detail: string;
}

// Runs inside the probing namespace; exit 0 = an answer came back.
const tcpProbe = `
import socket, sys
s = socket.socket(); s.settimeout(float(sys.argv[3]))
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print('connected'); sys.exit(0)
except Exception as e:
    print(type(e).__name__, e); sys.exit(1)
`;
const udpProbe = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(float(sys.argv[3]))
try:
    s.sendto(b'devstack-lab-probe', (sys.argv[1], int(sys.argv[2]))); d, a = s.recvfrom(2048); print('answer from', a[0], d[:40]); sys.exit(0)
except Exception as e:
    print(type(e).__name__, e); sys.exit(1)
`;

export function probe(spec: ProbeSpec): ProbeResult {
  const timeout = spec.timeoutSeconds ?? 3;
  const prefix = spec.from === 'root' ? [] : spec.netnsDir ? ['nsenter', `--net=${spec.netnsDir}/${spec.from}`, '--'] : inNetns(spec.from);
  let argv: string[];
  if (spec.proto === 'icmp') argv = ['ping', '-n', '-c', '1', '-W', String(timeout), spec.to];
  else {
    if (spec.port === undefined) throw new Error(`probe ${spec.proto} needs a port`);
    argv = ['python3', '-c', spec.proto === 'tcp' ? tcpProbe : udpProbe, spec.to, String(spec.port), String(timeout)];
  }
  const res = exec([...prefix, ...argv], { allowFail: true, timeoutMs: (timeout + 5) * 1000 });
  return { verdict: res.code === 0 ? 'delivered' : 'failed', detail: (res.stdout + res.stderr).trim().split('\n').slice(-2).join(' | ') };
}

/** Probes until the verdict is `want` (the data path takes a moment to follow an API change). */
export async function probeUntil(spec: ProbeSpec, want: ProbeResult['verdict'], timeoutMs: number): Promise<ProbeResult> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = probe(spec);
    if (r.verdict === want || Date.now() > until) return r;
    await new Promise((res) => setTimeout(res, 500));
  }
}
