// The picture's toolbar as a render plan (allowed tags, text only).
import type { ToWebview } from '../../src/core/messages/picture';
import { h, type PlanElement } from './plan';

type PictureMessage = Extract<ToWebview, { type: 'picture' }>;

export function pictureToolbar(m: PictureMessage | null, highlight: boolean): PlanElement {
  const focus = m?.target.focus;
  return h(
    'header',
    { class: 'toolbar' },
    h('vscode-button', { appearance: 'secondary', 'data-action': 'fit', title: 'Zoom to fit (F)' }, 'Fit'),
    h('vscode-button', { appearance: 'secondary', 'data-action': 'zoom-in', title: 'Zoom in (+)' }, '+'),
    h('vscode-button', { appearance: 'secondary', 'data-action': 'zoom-out', title: 'Zoom out (−)' }, '−'),
    m?.layout.graph.path
      ? m.target.trace
        ? h('vscode-checkbox', { id: 'highlight', checked: highlight, title: `Light the traced packet's path (${m.target.trace.title}), dim the rest` }, `Highlight trace (${m.target.trace.verdict})`)
        : h('vscode-checkbox', { id: 'highlight', checked: highlight, title: 'Light the port path, dim the rest' }, 'Highlight path')
      : null,
    focus?.kind === 'deployment'
      ? focus.port
        ? h('vscode-button', { appearance: 'secondary', 'data-action': 'whole-host', title: 'Show the whole deployment: its hosts and the tunnels between them' }, 'Whole deployment')
        : null
      : focus && focus.kind !== 'host'
        ? h('vscode-button', { appearance: 'secondary', 'data-action': 'whole-host', title: 'Show the whole host, clustered' }, 'Whole host')
        : null,
    m && m.groups.length > 0
      ? h('span', { class: 'groups' }, ...m.groups.map((g) => h('vscode-button', { appearance: g.expanded ? 'primary' : 'secondary', 'data-action': 'toggle-group', 'data-group': g.group, title: g.expanded ? 'Fold again' : 'Expand this group' }, `${g.expanded ? '▾' : '▸'} ${g.label}`)))
      : null,
    m?.logicalAvailable ? h('vscode-button', { appearance: 'secondary', 'data-action': 'toggle-view', title: 'Switch between the logical and physical views' }, m.target.view === 'logical' ? 'Physical view' : 'Logical view') : null,
    h('vscode-button', { appearance: 'secondary', 'data-action': 'refresh', title: focus?.kind === 'deployment' ? 'Refresh the hosts and redraw' : 'Refresh the host and redraw' }, 'Refresh'),
    h('vscode-button', { appearance: 'secondary', 'data-action': 'export-svg', title: 'Export the current view as SVG' }, 'Export SVG'),
    h('vscode-button', { appearance: 'secondary', 'data-action': 'export-png', title: 'Export the current view as PNG' }, 'Export PNG'),
  );
}
