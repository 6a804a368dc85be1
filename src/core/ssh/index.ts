// The SSH layer's public API. No vscode here.

export { ConnectionPool, type ConnectionEvent, type ConnectionState } from './connection-pool';
export type { ShellSession, TerminalSize } from './shell';
export type { Connection } from './connection';
export { resolveHost, parseTarget, defaultConfigFile, type ResolvedHost } from './config';
export {
  parseKnownHosts,
  readKnownHosts,
  findHostEntries,
  fingerprint,
  formatKnownHostsLine,
  appendKnownHost,
  lookupName,
  keyTypeOf,
  type KnownHostEntry,
} from './known-hosts';
export { checkHostKey } from './host-key-check';
export { ChannelLimiter } from './channel-limiter';
export { Emitter } from './emitter';
export type {
  HostSpec,
  HostKeyInfo,
  HostKeyDecision,
  SecretRequest,
  ConnectCallbacks,
  PoolOptions,
} from './types';
export { SshRunner } from '../runners/ssh';
export { LocalRunner } from '../runners/local';
export { ReplayRunner } from '../runners/replay';
