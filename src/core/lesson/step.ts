// Turns one lesson step into what the pane shows for one host: commands as
// CommandSpecs (or what is missing), filled questions, tree targets and the
// chain-inspector link. A command with a missing placeholder is never built.
import type { CommandSpec } from '../command';
import { displayCommand } from '../commands/queries';
import type { DeviceRef, Topology } from '../model/types';
import { findDevice } from './focus';
import { fillTemplate, placeholdersIn, placeholderValues, type PlaceholderValues } from './placeholders';
import { mergeMissing, missingFor, type Missing } from './requirements';
import type { InspectorLink, LessonCheck, LessonCommand, LessonStepFile, PictureLink, TreeTarget } from './schema';
import type { Focus } from '../picture/graph';

export interface PreparedCommand {
  readonly id: string;
  readonly label: string;
  /** null when something is missing: see `missing`. */
  readonly spec: CommandSpec<string> | null;
  /** The command as the learner would type it. */
  readonly text: string | null;
  readonly missing: readonly Missing[];
}

export interface PreparedCheck {
  readonly id: string;
  readonly check: LessonCheck;
  readonly question: string | null;
  /** Filled accepted answers (answer checks). */
  readonly accept: readonly string[];
  readonly missing: readonly Missing[];
}

export type RevealTarget = DeviceRef | { readonly namespace: string } | { readonly ovsBridge: string };

export interface PreparedTreeTarget {
  readonly label: string;
  readonly target: RevealTarget;
}

export interface PreparedInspector {
  readonly label: string;
  readonly mode: InspectorLink['mode'];
  readonly namespace: string | null;
  readonly portPrefix?: string;
  readonly device?: string;
}

export interface PreparedStep {
  readonly id: string;
  readonly title: string;
  /** Unmet needs of the whole step: nothing in it can run. */
  readonly blocked: readonly Missing[];
  /** Everything missing in the step (blocked + per command/check), one per key. */
  readonly missing: readonly Missing[];
  readonly commands: readonly PreparedCommand[];
  readonly checks: readonly PreparedCheck[];
  readonly treeTargets: readonly PreparedTreeTarget[];
  readonly inspector: PreparedInspector | null;
  /** "Show in picture": the focus, with its placeholders filled. */
  readonly picture: { readonly label: string; readonly focus: Focus } | null;
}

export interface PrepareOptions {
  /** Whether this host runs privileged commands through sudo -n. */
  readonly sudo: boolean;
}

export function prepareStep(step: LessonStepFile, topology: Topology | undefined, options: PrepareOptions): PreparedStep {
  const values = placeholderValues(topology);
  const blocked = missingFor(step.needs, [], topology, values);
  const commands = step.commands.map((c) => prepareCommand(c, blocked, topology, values, options));
  const checks = step.checks.map((c) => prepareCheck(c, blocked, topology, values));
  return {
    id: step.id,
    title: step.title,
    blocked,
    missing: mergeMissing(blocked, ...commands.map((c) => c.missing), ...checks.map((c) => c.missing)),
    commands,
    checks,
    treeTargets: topology ? step.showInTree.flatMap((t) => prepareTreeTarget(t, topology, values)) : [],
    inspector: blocked.length === 0 && step.inspector ? prepareInspector(step.inspector, values) : null,
    picture: step.picture ? preparePicture(step.picture, values) : null,
  };
}

function prepareCommand(
  command: LessonCommand,
  blocked: readonly Missing[],
  topology: Topology | undefined,
  values: PlaceholderValues,
  options: PrepareOptions,
): PreparedCommand {
  const templates = [...command.argv, ...(command.namespace !== undefined ? [command.namespace] : [])];
  const missing = mergeMissing(blocked, missingFor([], templates.flatMap(placeholdersIn), topology, values));
  const argv = command.argv.map((t) => fillTemplate(t, values));
  const namespace = command.namespace !== undefined ? fillTemplate(command.namespace, values) : undefined;
  const filled = [...argv, ...(namespace ? [namespace] : [])];
  if (missing.length > 0 || filled.some((f) => !f.ok)) {
    return { id: command.id, label: command.label, spec: null, text: null, missing: missing.length > 0 ? missing : [missingValue()] };
  }
  const spec: CommandSpec<string> = {
    argv: argv.map(text),
    // `ip netns exec` needs root, like the tree's queries.
    sudo: options.sudo && (command.sudo || namespace !== undefined),
    ...(namespace ? { namespace: text(namespace) } : {}),
    ...(command.okExitCodes ? { okExitCodes: command.okExitCodes } : {}),
    label: command.label,
    parse: (stdout) => stdout,
  };
  return { id: command.id, label: command.label, spec, text: displayCommand(spec), missing: [] };
}

function prepareCheck(check: LessonCheck, blocked: readonly Missing[], topology: Topology | undefined, values: PlaceholderValues): PreparedCheck {
  const templates = [check.question, ...(check.type === 'answer' ? check.accept : [])];
  const missing = mergeMissing(blocked, missingFor([], templates.flatMap(placeholdersIn), topology, values));
  const question = fillTemplate(check.question, values);
  const accept = check.type === 'answer' ? check.accept.map((a) => fillTemplate(a, values)) : [];
  if (missing.length > 0 || !question.ok || accept.some((a) => !a.ok)) {
    return { id: check.id, check, question: null, accept: [], missing: missing.length > 0 ? missing : [missingValue()] };
  }
  return { id: check.id, check, question: text(question), accept: accept.map(text), missing: [] };
}

function prepareTreeTarget(target: TreeTarget, topology: Topology, values: PlaceholderValues): PreparedTreeTarget[] {
  const fill = (t: string | null) => (t === null ? { ok: true as const, text: null } : fillTemplate(t, values));
  if ('device' in target) {
    const name = fillTemplate(target.device, values);
    const namespace = fill(target.namespace);
    if (!name.ok || !namespace.ok || !findDevice(topology, namespace.text, name.text)) return [];
    return [{ label: target.label, target: { namespace: namespace.text, name: name.text } }];
  }
  if ('ovsBridge' in target) {
    const bridge = fillTemplate(target.ovsBridge, values);
    if (!bridge.ok || !topology.ovs.bridges.some((b) => b.name === bridge.text)) return [];
    return [{ label: target.label, target: { ovsBridge: bridge.text } }];
  }
  const namespace = fillTemplate(target.namespace, values);
  if (!namespace.ok || !topology.namespaces.some((n) => n.name === namespace.text)) return [];
  return [{ label: target.label, target: { namespace: namespace.text } }];
}

function prepareInspector(link: InspectorLink, values: PlaceholderValues): PreparedInspector | null {
  const namespace = link.namespace === null ? null : fillTemplate(link.namespace, values);
  const portPrefix = link.portPrefix !== undefined ? fillTemplate(link.portPrefix, values) : undefined;
  const device = link.device !== undefined ? fillTemplate(link.device, values) : undefined;
  if ((namespace && !namespace.ok) || (portPrefix && !portPrefix.ok) || (device && !device.ok)) return null;
  return {
    label: link.label,
    mode: link.mode,
    namespace: namespace ? text(namespace) : null,
    ...(portPrefix ? { portPrefix: text(portPrefix) } : {}),
    ...(device ? { device: text(device) } : {}),
  };
}

function text(filled: ReturnType<typeof fillTemplate>): string {
  if (!filled.ok) throw new Error('unfilled template'); // guarded by the callers
  return filled.text;
}

function missingValue(): Missing {
  return { key: 'value', message: 'A name this step needs could not be found on this host. Refresh the host and try again.' };
}

function preparePicture(link: PictureLink, values: PlaceholderValues): { label: string; focus: Focus } | null {
  if (link.focus === 'host') return { label: link.label, focus: { kind: 'host' } };
  const id = link.id === undefined ? null : fillTemplate(link.id, values);
  if (id === null || !id.ok) return null;
  return { label: link.label, focus: { kind: link.focus, id: id.text } };
}
