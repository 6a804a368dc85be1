// Render plan of the packet-trace panel: the verdict line, what was not traced, and the steps with their
// "Reveal" and "Open at rule" actions. Remote text is always text.
import type { TraceModel, TraceStepRow } from '../../src/core/messages/trace';
import { h, type PlanElement } from './plan';

function stepRow(step: TraceStepRow): PlanElement {
  const classes = ['step', `trip-${step.trip}`, step.assumed ? 'assumed' : '', step.decisive ? 'decisive' : ''].filter(Boolean).join(' ');
  return h(
    'tr',
    { class: classes, 'data-step': step.index },
    h('td', { class: 'num' }, String(step.index + 1)),
    h('td', { class: 'trip' }, step.trip === 'reply' ? 'reply' : 'request'),
    h('td', { class: 'hop' }, step.hop, step.host !== undefined ? h('small', { class: 'host' }, ` on ${step.host}`) : null),
    h('td', { class: 'object' }, h('code', {}, step.object), step.namespace ? h('small', { class: 'namespace' }, ` in ${step.namespace}`) : null),
    h('td', { class: 'detail' }, step.assumed ? h('em', {}, 'assumed: ') : null, step.detail),
    h(
      'td',
      { class: 'actions' },
      step.canReveal ? h('vscode-link', { 'data-action': 'reveal', 'data-step': step.index, title: 'Reveal in the topology tree' }, 'Reveal') : null,
      step.onPicture !== false
        ? h('vscode-link', { 'data-action': 'showOnPicture', 'data-step': step.index, title: 'Show this step on the topology picture (the traced path lit, this hop selected)' }, 'Picture')
        : null,
      step.rule !== null
        ? h('vscode-link', { 'data-action': 'openRule', 'data-step': step.index, title: `Open ${step.rule.chain} rule ${step.rule.rule} in the chain inspector` }, 'Open at rule')
        : null,
      step.ovn !== null
        ? h('vscode-link', { 'data-action': 'openOvn', 'data-step': step.index, title: step.ovn.mode === 'ovn-port' ? 'Open the port\'s security groups (ACLs) in the inspector' : 'Open the router\'s NAT view in the inspector' }, step.ovn.mode === 'ovn-port' ? 'Security groups' : 'NAT view')
        : null,
      step.flows !== null
        ? h('vscode-link', { 'data-action': 'openFlows', 'data-step': step.index, title: step.flows.port !== null ? `Open the security groups of ${step.flows.port} in the flow inspector` : `Open the flows of ${step.flows.bridge} in the flow inspector` }, 'Open flows')
        : null,
    ),
  );
}

export function tracePlan(model: TraceModel): PlanElement[] {
  const parts: (PlanElement | null)[] = [
    h('h2', { class: 'title' }, model.title),
    h(
      'p',
      { class: `verdict verdict-${model.verdict}`, role: 'status' },
      h('strong', {}, model.verdict),
      ' — ',
      model.line,
    ),
    h('p', { class: 'picture-link' }, h('vscode-button', { id: 'show-on-picture', 'data-action': 'showOnPicture', appearance: 'secondary', title: 'Light this path on the topology picture' }, 'Show on picture')),
    model.gaps.length > 0
      ? h('section', { class: 'gaps' }, h('h3', {}, 'Not traced'), h('ul', {}, model.gaps.map((g) => h('li', {}, g))))
      : null,
    h(
      'table',
      { class: 'steps' },
      h('thead', {}, h('tr', {}, ['#', 'Trip', 'Hop', 'Object', 'What happens', ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, model.steps.map(stepRow)),
    ),
    h('p', { class: 'meta' }, `back end: ${model.backend}`, model.takenAt !== null ? ` · snapshot ${new Date(model.takenAt).toISOString()}` : ''),
  ];
  return parts.filter((p): p is PlanElement => p !== null);
}
