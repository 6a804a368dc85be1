// What callers give the SSH layer, and what it asks them back. No vscode here.

/** A configured host, as stored in settings or given on the CLI. */
export interface HostSpec {
  /** Display name and pool key, unique per configuration. */
  readonly alias: string;
  /** A Host entry of the ssh config, or `user@host[:port]`. */
  readonly target: string;
  /** OpenSSH config file to resolve the target with (default ~/.ssh/config). */
  readonly sshConfigFile?: string;
  /** Run privileged commands through `sudo -n` (default true). */
  readonly sudo?: boolean;
  /** OVN northbound database of this host when it is not a local socket (e.g. tcp:192.0.2.10:6641). */
  readonly ovnNorthbound?: string;
  /** OVN southbound database, when neither external_ids:ovn-remote nor a local socket gives it. */
  readonly ovnSouthbound?: string;
  /** 'local': "This machine", run with the local runner, no SSH (target is then a display name). Default 'ssh'. */
  readonly kind?: 'ssh' | 'local';
}

export interface HostKeyInfo {
  readonly host: string;
  readonly port: number;
  readonly keyType: string; // ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa …
  /** "SHA256:…" as OpenSSH prints it. */
  readonly fingerprint: string;
  /** The raw public key blob. */
  readonly key: Buffer;
  readonly knownHostsFile: string;
}

export type HostKeyDecision = 'trust-once' | 'trust-and-save' | 'reject';

export interface SecretRequest {
  readonly kind: 'password' | 'passphrase';
  readonly host: string;
  readonly user: string;
  /** The key file, for a passphrase. */
  readonly keyFile?: string;
  /** True when a previously given secret was wrong. */
  readonly retry?: boolean;
}

export interface ConnectCallbacks {
  /** Asked before any credential is sent, when known_hosts has no entry. */
  onUnknownHostKey(info: HostKeyInfo): Promise<HostKeyDecision>;
  /** Returns the secret, or undefined to cancel. Secrets are never logged. */
  askSecret(request: SecretRequest): Promise<string | undefined>;
  /** Tells the caller a secret worked (so it may be remembered) or failed (so it is forgotten). */
  secretResult?(request: SecretRequest, ok: boolean): void;
  /** One line per remote command or connection event; never a secret. */
  log?(line: string): void;
}

export interface PoolOptions {
  readonly readyTimeoutMs?: number; // default 20000
  readonly keepaliveIntervalMs?: number; // default 15000
  readonly keepaliveCountMax?: number; // default 3
  readonly commandTimeoutMs?: number; // default 60000
  readonly maxChannelsPerHost?: number; // default 4 (sshd's MaxSessions is 10)
  readonly maxOutputBytes?: number; // default 32 MiB
  /** Overrides UserKnownHostsFile for every host (setting devstackNet.knownHostsFile). */
  readonly knownHostsFile?: string;
}
