// Scenario steps the fast lab (test/e2e/scenarios/) and the real Neutron lab (test/e2e/neutron/<back
// end>/) share: each takes the lab's facts (facts.ts) and checks what a user sees against them.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator } from 'playwright-core';
import { BACKEND_WORDS } from '../../../src/core/view/words';
import type { Backend } from '../../lab/neutron/paths';
import { workbench } from './browser';
import type { InstanceFact, LabFacts } from './facts';
import { labAlias, labFingerprints, labHostKeyBlob, savedKnownHosts } from './lab';
import { eventually, showsText } from './until';
import { snap } from './hooks';
import { lessonStep, openLesson } from './lesson';
import { activeEditor, clearWorkbench, clickDialogButton, contextMenu, dialog, escapeRegExp, expandRow, openDevStackView, openPath, quickInput, runCommand, treeRow, webview } from './workbench';

/**
 * Adds a lab host from ~/.ssh/config (the quick pick lists its Host entries), with the suggested alias (the
 * Host name: "devstack-lab", the two-node lab's "devstack-compute") and sudo. The first host is added from the
 * view's welcome button, a further one from the command palette.
 */
export async function addLabHost(alias = labAlias): Promise<Locator> {
  const page = workbench();
  const view = await openDevStackView(page);
  const welcome = view.getByRole('button', { name: 'Add DevStack host' });
  if (await welcome.isVisible()) await welcome.click();
  else await runCommand(page, 'DevStack: Add DevStack Host…');
  const input = quickInput(page);
  await input.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(alias)}$`) }) }).first().click();
  await showsText(input, 'The name shown in the tree');
  await page.keyboard.press('Enter'); // alias: the suggested Host name
  await showsText(input, 'Use sudo -n');
  await page.keyboard.press('Enter');
  const host = treeRow(page, alias);
  await host.waitFor();
  return host;
}

/**
 * The first connect (on its own after the add, or when the host is expanded) asks about the
 * unknown host key: the prompt shows the lab's SHA256 fingerprint, "Trust and save" stores the
 * key, and the host row then names the back end it detected.
 */
export async function trustLabHostKey(backend: Backend, shot?: string, node: { readonly alias: string; readonly knownAs?: string } = { alias: labAlias }): Promise<void> {
  const page = workbench();
  const host = treeRow(page, node.alias);
  const prompted = await dialog(page).waitFor({ timeout: 15_000 }).then(() => true, () => false);
  if (!prompted) await expandRow(host);
  const prompt = await showsText(dialog(page), /SHA256:/);
  const keys = labFingerprints(node.knownAs);
  assert.equal(keys.length, 1, `the lab has one host key${node.knownAs ? ` for ${node.knownAs}` : ''}: ${JSON.stringify(keys)}`);
  assert.ok(prompt.includes(keys[0].fingerprint), `the prompt shows ${keys[0].fingerprint}: ${prompt}`);
  if (shot) await snap(shot);
  await clickDialogButton(page, /^Trust and save$/);
  await showsText(host, BACKEND_WORDS[backend], 90_000);
  assert.ok(savedKnownHosts().includes(labHostKeyBlob(node.knownAs)), 'the trusted key is written to the known_hosts file');
}

/** Expands each namespace of the facts under Namespaces; its devices show their addresses. */
export async function namespacesShowTheirDevices(f: LabFacts): Promise<void> {
  const page = workbench();
  await openDevStackView(page);
  for (const ns of f.namespaces) {
    await expandRow(await openPath(page, labAlias, /^Namespaces/, ns.name));
    for (const device of ns.devices) {
      for (const address of device.addresses) await showsText(treeRow(page, device.name), address);
    }
  }
}

function needs<T>(value: T | null, what: string, f: LabFacts): T {
  if (value === null) throw new Error(`this scenario needs ${what}, which the ${f.backend} ${f.real ? 'Neutron' : 'fast'} lab does not have`);
  return value;
}

/**
 * List iptables on the qrouter namespace: the NAT view pairs the floating IP with its fixed IP
 * (DNAT in, SNAT out) and shows the metadata redirect to the proxy's port 9697.
 */
export async function natShowsFloatingPairAndMetadata(f: LabFacts): Promise<FrameLocator> {
  const router = needs(f.router, 'a qrouter namespace', f);
  const page = workbench();
  await clearWorkbench(page);
  await openDevStackView(page);
  await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, router.namespace), /^List iptables/);
  const inspector = await webview(page, 'td.floating-ip');
  await showsText(inspector.locator('h2').first(), `NAT of ${router.namespace}`);
  const pair = inspector.locator('tr.floating-pair').filter({ has: inspector.locator('td.floating-ip', { hasText: f.floating.floating }) });
  await showsText(pair.locator('td.fixed-ip'), f.floating.fixed);
  const cells = pair.locator('td');
  await showsText(cells.nth(3), new RegExp(`DNAT.*--to-destination ${escapeRegExp(f.floating.fixed)}\\b`, 's'));
  await showsText(cells.nth(4), new RegExp(`SNAT.*--to-source ${escapeRegExp(f.floating.floating)}\\b`, 's'));
  const metadata = inspector.locator('h3', { hasText: /^Metadata$/ }).locator('xpath=following-sibling::*[1]');
  await showsText(metadata, /metadata: redirect 169\.254\.169\.254:80 to port 9697/);
  return inspector;
}

const FALLBACK = 'neutron-openvswi-sg-fallback';

/** The tcp/22 rows of a chain's rule table. */
const countSshRules = (rules: Locator, inspector: FrameLocator) =>
  rules.filter({ has: inspector.locator('td', { hasText: /^tcp$/ }) }).filter({ has: inspector.locator('td.ports', { hasText: /\b22\b/ }) }).count();

/**
 * List iptables on the instance port: the inbound chain shows tcp/22 (none once the rule is
 * `deleted`) and icmp; its fallback jump leads to DROP.
 */
export async function portChainsShowSshAndPing(f: LabFacts, ssh: 'allowed' | 'deleted' = 'allowed'): Promise<void> {
  const chain = needs(f.instance.inboundChain, 'per-port iptables chains (iptables_hybrid)', f);
  const page = workbench();
  await clearWorkbench(page);
  await openDevStackView(page);
  await contextMenu(page, await openPath(page, labAlias, /^Ports/, f.instance.prefix11), /^List iptables/);

  const inspector = await webview(page, `section.chain[data-chain="${chain}"]`);
  const inbound = inspector.locator(`section.chain[data-chain="${chain}"]`);
  await showsText(inbound.locator('.chain-heading'), `Inbound (to the instance): ${chain}`);
  const rules = inbound.locator('tbody tr');
  const ping = rules.filter({ has: inspector.locator('td', { hasText: /^icmp$/ }) });
  const wanted = ssh === 'allowed' ? 1 : 0;
  await eventually(
    async () => (await countSshRules(rules, inspector)) === wanted && (await ping.count()) >= 1,
    async () => `not ${wanted} tcp/22 and some icmp rules in ${chain}: ${await inbound.innerText()}`,
  );
  await snap(`${f.real ? f.backend : 'fast lab'} inbound chain ssh ${ssh}`);

  await inbound.locator(`tbody button.chain-link[data-chain="${FALLBACK}"]`).first().click();
  const fallback = inspector.locator(`section.chain[data-chain="${FALLBACK}"]`);
  await showsText(fallback.locator('h2.chain-heading'), `Chain ${FALLBACK}`);
  await showsText(fallback.locator('td.target-cell'), 'DROP');
}

const spaced = (text: string) => new RegExp(escapeRegExp(text).replace(/ /g, '\\s+'));

/**
 * A query from a namespace's context menu opens a document with the node's answer: on ML2/OVS
 * "ip route" in the qrouter (the default route via the qg- gateway); on OVN "ip addr" in the
 * ovnmeta- namespace (the metadata port holds 169.254.169.254 and its subnet address).
 */
export async function queryInNamespace(f: LabFacts): Promise<void> {
  const page = workbench();
  await clearWorkbench(page);
  await openDevStackView(page);
  if (f.router) {
    await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, f.router.namespace), /^ip route/);
    await showsText(activeEditor(page), spaced(`default via ${f.router.defaultGateway} dev ${f.router.qg}`));
    return;
  }
  const meta = needs(f.metadata, 'a qrouter or an ovnmeta- namespace', f);
  await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, meta.namespace), /^ip addr/);
  const editor = activeEditor(page);
  await showsText(editor, spaced(`inet 169.254.169.254/32`));
  await showsText(editor, new RegExp(`inet ${escapeRegExp(meta.ip)}/\\d+.*${escapeRegExp(meta.device)}`));
}

/** Presses a command's Run button and waits until it finished without an error; returns its output. */
export async function runLessonCommand(command: Locator, timeoutMs = 60_000): Promise<string> {
  await command.locator('vscode-button[data-action="run"]').click();
  const label = await command.locator('.command-text').innerText();
  const error = command.locator('.run-error');
  // finished, or failed (the error is shown in place of "Finished.")
  await eventually(
    async () => (await error.count()) > 0 || (await command.locator('.run-status', { hasText: /^Finished/ }).count()) > 0,
    async () => `"${label}" did not finish: ${await command.innerText().catch(() => '')}`,
    timeoutMs,
  );
  assert.equal(await error.count(), 0, `"${label}" failed: ${(await error.count()) ? await error.innerText() : ''}`);
  return (await command.locator('pre.output').innerText()).replace(/\u00a0/g, ' ');
}

/** Types the answer into a check, presses Check; the result says Correct, in green. */
export async function answerCheck(check: Locator, answer: string): Promise<void> {
  await check.locator('vscode-text-field input').fill(answer);
  await check.locator('vscode-button[data-action="check"]').click();
  const result = check.locator('.result');
  await showsText(result, /^Correct/);
  // The pane re-renders as progress is saved, which can detach the element between two
  // calls: scroll to it and read its colour in one step, on the element on screen now.
  let color = '';
  await eventually(
    async () => {
      color = await result.evaluate((el) => {
        el.scrollIntoView({ block: 'center' });
        return getComputedStyle(el).color;
      });
      const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
      return g > r && g > b;
    },
    () => `the result is shown in green, not "${color}"`,
  );
}

/** What a learner reads on the step to answer: the outputs of its commands, by id, and the command lines. */
interface StepSeen {
  readonly output: (commandId: string) => string;
  /** the instance the lesson talks about (its tap or port appears in the pane's command lines) */
  readonly focus: InstanceFact;
}

type Answer = (f: LabFacts, seen: StepSeen) => string;

/** The lines of an output that hold `pattern`, as a learner would paste them. */
const linesWith = (text: string, pattern: RegExp) => {
  const lines = text.split('\n').filter((l) => pattern.test(l));
  if (lines.length === 0) throw new Error(`no line of the output matches ${pattern}:\n${text}`);
  return lines.join(' ');
};

const hybridOf = (i: InstanceFact, f: LabFacts) => needs(i.hybrid, 'the hybrid plug (qbr, qvb, qvo)', f);

/** The right answer to every check of each lesson edition, from the lab's facts (or what the step's own output shows, for paste-in checks). */
const ANSWERS: Record<string, Record<string, Answer>> = {
  'under-the-hood': {
    'devices/integration-bridge': () => 'br-int',
    'devices/libvirt-bridge': () => 'virbr0',
    'security-groups/chain-name': (f, s) => needs(s.focus.inboundChain, 'a per-port inbound chain', f),
    'security-groups/ssh-icmp-rules': (_f, s) => linesWith(s.output('inbound-chain'), /--dport 22\b|\bicmp\b/),
    'security-groups/allow-target': () => 'RETURN',
    'hybrid-bridge/veth-peer': (f, s) => hybridOf(s.focus, f).qvo,
    'hybrid-bridge/qvo-bridge': () => 'br-int',
    'namespaces/dhcp-ip': (f) => needs(f.dhcp, 'a DHCP namespace', f).ip,
    'namespaces/hidden-devices': () => 'no',
    'openvswitch/namespaced-port': (f) => needs(f.router, 'a qrouter namespace', f).namespace,
    'openvswitch/external-bridge': () => 'br-ex',
    'dhcp/dnsmasq-interface': (f) => needs(f.dhcp, 'a DHCP namespace', f).device,
    'routing/default-route': (f) => needs(f.router, 'a qrouter namespace', f).qg,
    'routing/floating-fixed': (f) => f.floating.fixed,
    'routing/metadata-port': () => '9697',
    'wrap-up/path-order': (f, s) => {
      const h = hybridOf(s.focus, f);
      return `${s.focus.tap} → ${h.qbr} → ${h.qvb} → ${h.qvo}`;
    },
  },
  'under-the-hood-ovn': {
    'tap-into-br-int/port-id': (_f, s) => s.focus.portId,
    'acls/pg': (f) => `pg_${needs(f.securityGroupId, 'the security group id', f).replace(/-/g, '_')}`,
    'acls/ssh': (_f, s) => linesWith(s.output('acl-list'), /tcp\.dst == 22/),
    'logical/switch': (_f, s) => `neutron-${s.focus.network}`,
    'nat/fixed': (f) => f.floating.fixed,
    'dhcp/who': () => 'ovn-controller',
    'metadata/address': () => '169.254.169.254',
    'geneve/encap': () => 'geneve',
    'trace/dnat': (_f, s) => linesWith(s.output('trace-fip'), /lr_in_dnat|ct_dnat/),
  },
};

export interface LessonWalk {
  readonly steps: number;
  readonly commands: number;
  readonly checks: number;
}

/**
 * Walks the whole lesson as a learner: every step is available (nothing "not available on this
 * host"), every command runs without an error, and every check turns green with the right answer.
 */
export async function walkLesson(f: LabFacts, edition: keyof typeof ANSWERS, title: RegExp): Promise<LessonWalk> {
  const answers = ANSWERS[edition];
  const page = workbench();
  const lesson = await openLesson(page);
  await showsText(lesson.locator('.lesson-header h1'), title);
  const count = await lesson.locator('button.step-link').count();
  assert.ok(count >= 8, `the lesson has ${count} steps`);
  let focus = f.instance;
  let commands = 0;
  let checks = 0;
  const unanswered: string[] = [];
  for (let i = 0; i < count; i++) {
    const step = await lessonStep(lesson, i);
    const stepId = await step.getAttribute('data-step');
    assert.ok(stepId, `step ${i + 1} has an id`);
    const missing = step.locator('.missing');
    assert.equal(await missing.count(), 0, `step ${stepId} says something is missing: ${(await missing.count()) ? await missing.first().innerText() : ''}`);
    // the learner's instance: the one whose tap or chain the step's commands name
    const lines = await step.locator('.command-text').allInnerTexts();
    focus = f.instances.find((x) => lines.some((l) => l.includes(x.tap) || (x.inboundChain !== null && l.includes(x.inboundChain)))) ?? focus;
    const outputs = new Map<string, string>();
    const ids = await step.locator('.command').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.command ?? ''));
    for (const id of ids) {
      outputs.set(id, await runLessonCommand(step.locator(`.command[data-command="${id}"]`)));
      commands++;
    }
    const seen: StepSeen = {
      output: (id) => {
        const out = outputs.get(id);
        if (out === undefined) throw new Error(`step ${stepId} has no command ${id}`);
        return out;
      },
      focus,
    };
    const checkIds = await step.locator('.check[data-check]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.check ?? ''));
    for (const id of checkIds) {
      const answer = answers[`${stepId}/${id}`];
      if (!answer) {
        unanswered.push(`${stepId}/${id}`);
        continue;
      }
      await answerCheck(step.locator(`.check[data-check="${id}"]`), answer(f, seen));
      checks++;
    }
    await snap(`${f.real ? f.backend : 'fast lab'} lesson step ${i + 1} ${stepId}`);
  }
  assert.deepEqual(unanswered, [], `checks this scenario has no answer for (add them to ANSWERS['${edition}'])`);
  return { steps: count, commands, checks };
}
