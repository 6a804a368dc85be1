// Client authentication in OpenSSH's order: none (to learn the server's
// methods), ssh-agent, identity files (asking for passphrases), keyboard-
// interactive, then password. Secrets come from callbacks.askSecret and are
// never logged; callbacks.secretResult hears whether each one worked.

import * as fs from 'node:fs';
import { OpenSSHAgent, utils, type AnyAuthMethod, type AuthenticationType, type IdentityCallback, type ParsedKey } from 'ssh2';
import type { ResolvedHost } from './config';
import type { ConnectCallbacks, SecretRequest } from './types';

const MAX_SECRET_TRIES = 3;

export interface AuthSession {
  /** The ssh2 `authHandler` (callback form). */
  readonly handler: (methodsLeft: AuthenticationType[] | null, partial: boolean | null, next: (m: AnyAuthMethod | false) => void) => void;
  /** Call on 'ready': the last secret sent was right. */
  succeeded(): void;
  /** What was tried, for the error message (never a secret). */
  readonly tried: string[];
}

type Step = (methodsLeft: AuthenticationType[] | null) => Promise<AnyAuthMethod | undefined>;

export function createAuthSession(
  host: ResolvedHost,
  callbacks: Pick<ConnectCallbacks, 'askSecret' | 'secretResult' | 'log'>,
  agentSocket: string | undefined = process.env.SSH_AUTH_SOCK,
): AuthSession {
  const username = host.user;
  const tried: string[] = [];
  let pendingSecret: SecretRequest | undefined;
  const settleSecret = (ok: boolean): void => {
    if (pendingSecret) callbacks.secretResult?.(pendingSecret, ok);
    pendingSecret = undefined;
  };
  const allows = (left: AuthenticationType[] | null, method: AuthenticationType): boolean =>
    left === null || left.includes(method);

  const steps: Step[] = [async () => ({ type: 'none', username })];

  if (agentSocket) {
    steps.push(async (left) => {
      if (!allows(left, 'publickey')) return undefined;
      const agent = host.identitiesOnly ? filteredAgent(agentSocket, host.identityFiles) : agentSocket;
      if (!agent) return undefined;
      tried.push('ssh-agent');
      return { type: 'agent', username, agent };
    });
  }

  for (const keyFile of host.identityFiles) {
    steps.push(async (left) => {
      if (!allows(left, 'publickey')) return undefined;
      const key = await loadKey(keyFile);
      if (!key) return undefined;
      tried.push(`key ${keyFile}`);
      return { type: 'publickey', username, key };
    });
  }

  steps.push(async (left) => {
    if (left === null || !left.includes('keyboard-interactive')) return undefined;
    tried.push('keyboard-interactive');
    return {
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instructions, _lang, prompts, finish) => {
        void answerPrompts(prompts).then(finish);
      },
    };
  });

  let passwordCancelled = false;
  for (let attempt = 0; attempt < MAX_SECRET_TRIES; attempt++) {
    steps.push(async (left) => {
      if (passwordCancelled || left === null || !left.includes('password')) return undefined;
      const request: SecretRequest = { kind: 'password', host: host.name, user: username, retry: attempt > 0 };
      const password = await callbacks.askSecret(request);
      if (password === undefined) {
        passwordCancelled = true; // the user said no: do not ask again
        return undefined;
      }
      pendingSecret = request;
      if (attempt === 0) tried.push('password');
      return { type: 'password', username, password };
    });
  }

  async function answerPrompts(prompts: readonly { prompt: string; echo?: boolean }[]): Promise<string[]> {
    const answers: string[] = [];
    for (const prompt of prompts) {
      if (prompt.echo) {
        answers.push(''); // not a secret, and we have no way to show a free-text prompt here
        continue;
      }
      const request: SecretRequest = { kind: 'password', host: host.name, user: username, retry: pendingSecret !== undefined };
      const secret = await callbacks.askSecret(request);
      answers.push(secret ?? '');
      if (secret !== undefined) pendingSecret = request;
    }
    return answers;
  }

  async function loadKey(keyFile: string): Promise<ParsedKey | undefined> {
    let data: Buffer;
    try {
      data = fs.readFileSync(keyFile);
    } catch {
      return undefined; // a missing default identity is normal
    }
    const plain = utils.parseKey(data);
    if (!(plain instanceof Error)) return firstKey(plain);
    if (!/passphrase|encrypted/i.test(plain.message)) {
      callbacks.log?.(`skipping ${keyFile}: ${plain.message}`);
      return undefined;
    }
    for (let attempt = 0; attempt < MAX_SECRET_TRIES; attempt++) {
      const request: SecretRequest = { kind: 'passphrase', host: host.name, user: username, keyFile, retry: attempt > 0 };
      const passphrase = await callbacks.askSecret(request);
      if (passphrase === undefined) return undefined;
      const parsed = utils.parseKey(data, passphrase);
      const ok = !(parsed instanceof Error);
      callbacks.secretResult?.(request, ok);
      if (ok) return firstKey(parsed);
    }
    callbacks.log?.(`skipping ${keyFile}: wrong passphrase`);
    return undefined;
  }

  let index = 0;
  return {
    tried,
    succeeded: () => settleSecret(true),
    handler: (methodsLeft, _partial, next) => {
      settleSecret(false); // being asked again means the previous attempt failed
      void (async () => {
        while (index < steps.length) {
          const method = await steps[index++]!(methodsLeft).catch(() => undefined);
          if (method) return next(method);
        }
        next(false);
      })();
    },
  };
}

function firstKey(parsed: ParsedKey | ParsedKey[]): ParsedKey | undefined {
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

/** IdentitiesOnly: only agent keys whose public half is in an IdentityFile(.pub). */
function filteredAgent(socket: string, identityFiles: readonly string[]): OpenSSHAgent | undefined {
  const allowed = identityFiles.flatMap((file) => {
    for (const candidate of [`${file}.pub`, file]) {
      try {
        const parsed = utils.parseKey(fs.readFileSync(candidate));
        const key = parsed instanceof Error ? undefined : firstKey(parsed);
        if (key) return [key.getPublicSSH()];
      } catch {
        // missing file: try the next candidate
      }
    }
    return [];
  });
  if (allowed.length === 0) return undefined;
  return new (class extends OpenSSHAgent {
    override getIdentities(cb: IdentityCallback<ParsedKey>): void {
      super.getIdentities((err, keys) => {
        cb(err, keys?.filter((key) => 'getPublicSSH' in key && allowed.some((pub) => pub.equals(key.getPublicSSH()))));
      });
    }
  })(socket);
}
