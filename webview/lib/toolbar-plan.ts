// The chain inspector's toolbar (built once; the main area is redrawn).
import type { InspectorModel } from '../../src/core/messages/chain-inspector';
import { h, type PlanElement } from './plan';

export interface ToolbarOptions {
  readonly searchPlaceholder: string;
  /** The device picker (the chain inspector's highlight). */
  readonly devicePicker: boolean;
  readonly rawTitle: string;
}

const CHAIN_TOOLBAR: ToolbarOptions = {
  searchPlaceholder: 'Search text, address (10.0.0.3) or interface (qr-…)',
  devicePicker: true,
  rawTitle: 'Open the iptables-save text in an editor',
};

export function toolbarPlan(filter: string, options: ToolbarOptions = CHAIN_TOOLBAR): PlanElement {
  return h(
    'header',
    { class: 'toolbar' },
    h('vscode-button', { id: 'back', appearance: 'icon', 'aria-label': 'Back', title: 'Back', 'data-action': 'back' }, '←'),
    h('vscode-button', { id: 'forward', appearance: 'icon', 'aria-label': 'Forward', title: 'Forward', 'data-action': 'forward' }, '→'),
    h('input', { id: 'search', type: 'search', placeholder: options.searchPlaceholder, 'aria-label': 'Search', value: filter }),
    options.devicePicker && h('select', { id: 'device', 'aria-label': 'Highlight device', title: 'Highlight the rules that mention a device' }, h('option', { value: '' }, 'Highlight device…')),
    h('vscode-checkbox', { id: 'live', title: 'Re-read the counters every few seconds while the panel is visible' }, 'Live'),
    h('vscode-button', { id: 'refresh', 'data-action': 'refresh', title: 'Read the rules and counters again' }, 'Refresh'),
    h('vscode-button', { id: 'open-raw', appearance: 'secondary', 'data-action': 'openRaw', title: options.rawTitle }, 'Raw'),
    h('span', { id: 'status', class: 'status', role: 'status' }),
  );
}

/** The options of the device picker for a model (the first option clears the highlight). */
export function deviceOptions(model: InspectorModel): PlanElement[] {
  return [
    h('option', { value: '' }, 'Highlight device…'),
    ...model.devices.map((d) => h('option', { value: d, selected: d === model.device }, d)),
    ...(model.device !== null && !model.devices.includes(model.device) ? [h('option', { value: model.device, selected: true }, model.device)] : []),
  ];
}
