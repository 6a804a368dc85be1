// Items for the host node and error nodes: status, reason, and how to fix it.
import { CONTEXT, HOST_CONTEXT } from './context-values';
import { leaf } from './leaf';
import { escapeMarkdown, field, paragraphs } from './markdown';
import type { ErrorNode, HostNode, ViewItem } from './nodes';
import { BACKEND_WORDS } from './words';

export function hostItem(node: HostNode): ViewItem {
  const { host } = node;
  const t = host.topology;
  const parts =
    host.status === 'offline' && t
      ? [`offline · ${takenAtWords(t.takenAt)}`, t.host.hostname ?? '', BACKEND_WORDS[t.backend.kind]]
      : host.status === 'connecting' && !t
      ? ['connecting…']
      : host.status === 'failed'
        ? [`failed: ${host.error?.message.split('\n', 1)[0] ?? 'unknown error'}`]
        : t
          ? [t.host.hostname ?? '', t.host.kernel ?? '', BACKEND_WORDS[t.backend.kind]]
          : [host.target];
  const icon = host.status === 'offline' ? 'archive' : host.status === 'connecting' ? 'loading~spin' : host.status === 'failed' ? 'error' : host.status === 'connected' ? 'vm-active' : 'vm-outline';
  const tooltip = paragraphs([
    `**${escapeMarkdown(host.alias)}**`,
    ...field(host.status === 'offline' ? 'Snapshot file (offline, read-only)' : 'SSH target', host.target),
    ...field('Status', host.status),
    ...field('Hostname', t?.host.hostname),
    ...field('Kernel', t?.host.kernel),
    ...field('Backend', t && BACKEND_WORDS[t.backend.kind]),
    ...field('Evidence', t?.backend.evidence.join('; ')),
    ...field('Error', host.error?.message),
    ...field('Snapshot taken', t && new Date(t.takenAt).toISOString()),
  ]);
  return {
    ...leaf(node.id, host.alias, parts.filter(Boolean).join(' · '), tooltip, HOST_CONTEXT[host.status], icon),
    ...(host.status === 'failed' ? { iconColor: 'errorForeground' } : {}),
    collapsible: 'collapsed',
  };
}

/** Short reason and how to fix it, for the common failures. */
const ERROR_HINTS: Record<string, { label: string; hint: string }> = {
  'sudo-password': { label: 'sudo wants a password', hint: 'allow NOPASSWD sudo for this user, or turn sudo off for this host' },
  'host-key-changed': { label: 'host key changed: connection refused', hint: 'verify the server, then remove the old key from known_hosts' },
  'host-key-unknown': { label: 'host key not trusted', hint: 'Retry and trust the key to connect' },
  auth: { label: 'authentication failed', hint: 'check the user, key or password (Retry asks again)' },
  connection: { label: 'connection failed', hint: 'is sshd reachable? Retry reconnects' },
  timeout: { label: 'timed out', hint: 'the host did not answer in time; Retry' },
  permission: { label: 'permission denied', hint: 'this section needs sudo' },
};

export function errorItem(node: ErrorNode): ViewItem {
  const hint = node.reason !== null ? ERROR_HINTS[node.reason] : undefined;
  const firstLine = node.message.split('\n', 1)[0] ?? '';
  const label = node.section !== null ? `${node.section}: ${hint?.label ?? firstLine}` : hint?.label ?? firstLine;
  const tooltip = paragraphs([
    `**${escapeMarkdown(label)}**`,
    escapeMarkdown(node.message),
    ...(hint ? [escapeMarkdown(`Fix: ${hint.hint}.`)] : []),
    'Retry, or Show Log for the commands that ran.',
  ]);
  const context = node.section === null ? CONTEXT.hostError : CONTEXT.sectionError;
  return {
    ...leaf(node.id, label, hint?.hint ?? (node.section !== null ? firstLine : ''), tooltip, context, node.section === null ? 'error' : 'warning'),
    iconColor: node.section === null ? 'errorForeground' : 'problemsWarningIcon.foreground',
  };
}


/** "2026-12-07 05:33 UTC": when an offline snapshot was taken. */
export function takenAtWords(takenAt: number): string {
  return `${new Date(takenAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
