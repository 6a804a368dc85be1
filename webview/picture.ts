// The topology picture webview: draws the positioned geometry the extension sends
// (SVG built with createElementNS and text nodes), with pan, zoom, zoom to fit, the tree's
// tooltips, click → reveal in the tree, right-click → the tree's commands, keyboard moves
// between boxes, a lit path with the rest dimmed, and SVG/PNG export.
import './lib/zod-csp';
import { z } from 'zod';
import { PictureTargetSchema, ToExtensionSchema, ToWebviewSchema, type PictureTarget, type ToExtension, type ToWebview } from '../src/core/messages/picture';
import type { PictureLayout } from '../src/core/picture/geometry';
import { PictureJoiner } from '../src/core/picture/parts';
import { elementPlans, pathHighlight, pictureSvg } from '../src/core/picture/svg';
import { renderInto } from './lib/dom';
import { svgToPng } from './lib/picture-canvas';
import { pictureToolbar } from './lib/picture-toolbar';
import { materializeSvg, type SvgDocumentLike } from './lib/svg-dom';
import { registerToolkit } from './lib/toolkit';
import { connect, onMessage } from './lib/vscode-api';

registerToolkit();

const StateSchema = z.object({ target: PictureTargetSchema, highlight: z.boolean() });
const channel = connect<ToExtension, z.infer<typeof StateSchema>>(ToExtensionSchema, StateSchema);
const saved = channel.loadState();

type PictureMessage = Extract<ToWebview, { type: 'picture' }>;
let current: PictureMessage | null = null;
let highlight = saved?.highlight ?? true;
let view = { x: 0, y: 0, w: 1, h: 1 };
let selected: string | null = null;
const joiner = new PictureJoiner();

const toolbar = document.getElementById('toolbar') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const stage = document.getElementById('stage') as HTMLElement;
const tooltip = document.getElementById('tooltip') as HTMLElement;
const menu = document.getElementById('menu') as HTMLElement;

const svgEl = (): SVGSVGElement | null => stage.querySelector('svg');
const layoutOf = (): PictureLayout | null => (current ? (current.layout as PictureLayout) : null);

function setStatus(text: string | null, error = false): void {
  status.textContent = text ?? '';
  status.classList.toggle('error', error);
}

function save(): void {
  if (current) channel.saveState({ target: current.target as PictureTarget, highlight });
}

/**
 * Pan and zoom move the picture as a whole (a CSS transform of the <svg>, drawn at its own size), never
 * its viewBox: a new viewBox lays the whole SVG out again, >100 ms on the unfolded scaled lab.
 */
function applyView(): void {
  const svg = svgEl();
  if (!svg) return;
  const s = stage.clientWidth / Math.max(view.w, 1e-6);
  svg.style.transform = `translate(${-view.x * s}px, ${-view.y * s}px) scale(${s})`;
}

function fit(): void {
  const svg = svgEl();
  if (!svg) return;
  const [, , w, h] = (svg.dataset.size ?? '0 0 1 1').split(' ').map(Number);
  const box = stage.getBoundingClientRect();
  const scale = Math.max(w! / Math.max(box.width, 1), h! / Math.max(box.height, 1));
  view = { x: -(box.width * scale - w!) / 2, y: -(box.height * scale - h!) / 2, w: box.width * scale, h: box.height * scale };
  applyView();
}

function zoom(factor: number, cx = view.x + view.w / 2, cy = view.y + view.h / 2): void {
  view = { x: cx - (cx - view.x) * factor, y: cy - (cy - view.y) * factor, w: view.w * factor, h: view.h * factor };
  applyView();
}

/** Boxes and links per batch: a big picture is drawn over several tasks, none blocking for long. */
const BATCH = 25;
let drawRun = 0;

function draw(m: PictureMessage, keepView: boolean): void {
  const run = ++drawRun;
  const layout = m.layout as PictureLayout;
  const lit = highlight ? pathHighlight(layout) : null;
  const stop = new Set(highlight ? (m.target.trace?.stop ?? []) : []);
  const plan = pictureSvg({ ...layout, nodes: [], edges: [] }, { highlight: lit, stop });
  const svg = materializeSvg(plan, document as unknown as SvgDocumentLike) as SVGSVGElement;
  svg.dataset.size = plan.attrs.viewBox ?? '0 0 1 1';
  stage.replaceChildren(svg);
  if (keepView) applyView();
  else fit();
  const edgesGroup = svg.querySelector('g.edges');
  const nodesGroup = svg.querySelector('g.nodes');
  const batches: (() => void)[] = [];
  const pending = { edges: layout.edges, nodes: layout.nodes };
  for (let i = 0; i < pending.edges.length; i += BATCH * 2) {
    const part = pending.edges.slice(i, i + BATCH * 2);
    batches.push(() => edgesGroup?.append(...elementPlans({ ...layout, nodes: [], edges: part }, lit).edges.map((p) => materializeSvg(p, document as unknown as SvgDocumentLike) as Node)));
  }
  for (let i = 0; i < pending.nodes.length; i += BATCH) {
    const part = pending.nodes.slice(i, i + BATCH);
    batches.push(() => nodesGroup?.append(...elementPlans({ ...layout, nodes: part, edges: [] }, lit, stop).nodes.map((p) => materializeSvg(p, document as unknown as SvgDocumentLike) as Node)));
  }
  const next = () => {
    if (run !== drawRun) return; // a newer picture arrived
    const batch = batches.shift();
    if (!batch) {
      if (selected) select(selected, false);
      svg.dataset.drawn = 'true'; // every box and link is in (tests wait for it)
      return;
    }
    batch();
    setTimeout(next, 0);
  };
  setTimeout(next, 0); // the message's own task ends here: its boxes come in the next ones
}

function render(): void {
  renderInto(toolbar, [pictureToolbar(current, highlight)]);
}

function elementAt(target: EventTarget | null): SVGGElement | null {
  const el = target instanceof Element ? target.closest('[data-id]') : null;
  return el instanceof SVGGElement && (el.classList.contains('node') || el.classList.contains('port')) ? el : null;
}

function select(id: string, focus = true): void {
  selected = id;
  for (const el of Array.from(stage.querySelectorAll('.selected'))) el.classList.remove('selected');
  const el = Array.from(stage.querySelectorAll<SVGGElement>('[data-id]')).find((e) => e.dataset.id === id && !e.classList.contains('edge'));
  el?.classList.add('selected');
  if (focus) el?.focus();
}

function post(message: ToExtension): void {
  channel.post(message);
}

function showMenu(id: string, x: number, y: number): void {
  const items = current?.menus[id] ?? [];
  if (items.length === 0) return;
  const buttons = items.map((it) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'menuitem');
    b.textContent = it.title;
    b.addEventListener('click', () => {
      hideMenu();
      post({ type: 'command', id, command: it.command });
    });
    return b;
  });
  menu.replaceChildren(...buttons);
  menu.style.left = `${x}px`;
  menu.style.top = `${y}px`;
  menu.hidden = false;
  buttons[0]?.focus();
}

function hideMenu(): void {
  menu.hidden = true;
}

/** Arrow keys: the nearest box or port in that direction. */
function move(dx: number, dy: number): void {
  const all = Array.from(stage.querySelectorAll<SVGGElement>('g.node, g.port'));
  const from = all.find((e) => e.dataset.id === selected) ?? null;
  if (!from) return void (all[0]?.dataset.id && select(all[0].dataset.id));
  const center = (e: SVGGElement) => {
    const r = e.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2] as const;
  };
  const [fx, fy] = center(from);
  let best: SVGGElement | null = null;
  let bestScore = Infinity;
  for (const e of all) {
    if (e === from) continue;
    const [x, y] = center(e);
    const along = (x - fx) * dx + (y - fy) * dy;
    if (along <= 1) continue;
    const across = Math.abs((x - fx) * dy - (y - fy) * dx);
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = e;
    }
  }
  if (best?.dataset.id) select(best.dataset.id);
}

toolbar.addEventListener('click', (event) => {
  const action = (event.target as Element).closest('[data-action]') as HTMLElement | null;
  switch (action?.dataset.action) {
    case 'fit':
      return fit();
    case 'zoom-in':
      return zoom(0.8);
    case 'zoom-out':
      return zoom(1.25);
    case 'whole-host': {
      const focus = current?.target.focus;
      return post({ type: 'focus', focus: focus?.kind === 'deployment' ? { kind: 'deployment', name: focus.name, hosts: focus.hosts } : { kind: 'host' } });
    }
    case 'toggle-group': {
      const focus = current?.target.focus;
      const group = action.dataset.group ?? '';
      if (focus?.kind !== 'host') return;
      const expand = focus.expand ?? [];
      return post({ type: 'focus', focus: { kind: 'host', expand: expand.includes(group) ? expand.filter((g) => g !== group) : [...expand, group] } });
    }
    case 'toggle-view':
      return post({ type: 'view', view: current?.target.view === 'logical' ? 'physical' : 'logical' });
    case 'refresh':
      return post({ type: 'refresh' });
    case 'export-svg':
      return post({ type: 'export', format: 'svg', highlight });
    case 'export-png':
      return post({ type: 'export', format: 'png', highlight });
  }
});
toolbar.addEventListener('change', (event) => {
  if ((event.target as HTMLElement).id !== 'highlight' || !current) return;
  highlight = (event.target as HTMLInputElement).checked;
  save();
  draw(current, true);
});

let drag: { x: number; y: number; vx: number; vy: number } | null = null;
stage.addEventListener('pointerdown', (e) => {
  hideMenu();
  if (e.button !== 0 || elementAt(e.target)) return;
  drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
  stage.classList.add('panning');
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const box = stage.getBoundingClientRect();
  const scale = view.w / Math.max(box.width, 1);
  view = { ...view, x: drag.vx - (e.clientX - drag.x) * scale, y: drag.vy - (e.clientY - drag.y) * scale };
  applyView();
});
window.addEventListener('pointerup', () => {
  drag = null;
  stage.classList.remove('panning');
});
stage.addEventListener('wheel', (e) => {
  e.preventDefault();
  const box = stage.getBoundingClientRect();
  const cx = view.x + ((e.clientX - box.left) / box.width) * view.w;
  const cy = view.y + ((e.clientY - box.top) / box.height) * view.h;
  zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, cx, cy);
}, { passive: false });
stage.addEventListener('click', (e) => {
  const el = elementAt(e.target);
  if (!el?.dataset.id) return;
  e.stopPropagation();
  select(el.dataset.id);
  post({ type: 'reveal', id: el.dataset.id });
});
stage.addEventListener('contextmenu', (e) => {
  const el = elementAt(e.target);
  e.preventDefault();
  if (!el?.dataset.id) return;
  select(el.dataset.id);
  showMenu(el.dataset.id, e.clientX, e.clientY);
});
stage.addEventListener('mousemove', (e) => {
  const el = elementAt(e.target);
  const text = el?.dataset.id ? current?.tooltips[el.dataset.id] : undefined;
  if (!text || drag) return void (tooltip.hidden = true);
  tooltip.textContent = text;
  tooltip.style.left = `${e.clientX + 14}px`;
  tooltip.style.top = `${e.clientY + 14}px`;
  tooltip.hidden = false;
});
stage.addEventListener('mouseleave', () => (tooltip.hidden = true));
stage.addEventListener('keydown', (e) => {
  const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  if (arrows[e.key]) {
    e.preventDefault();
    const [dx, dy] = arrows[e.key]!;
    return move(dx, dy);
  }
  if (e.key === 'Enter' && selected) return post({ type: 'reveal', id: selected });
  if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && selected) {
    e.preventDefault();
    const r = Array.from(stage.querySelectorAll<SVGGElement>('[data-id]')).find((x) => x.dataset.id === selected)?.getBoundingClientRect();
    return showMenu(selected, r?.left ?? 20, r?.bottom ?? 20);
  }
  if (e.key === 'f' || e.key === 'F') return fit();
  if (e.key === '+' || e.key === '=') return zoom(0.8);
  if (e.key === '-') return zoom(1.25);
  if (e.key === 'Escape') return hideMenu();
});
menu.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    hideMenu();
    stage.focus();
  }
});
window.addEventListener('resize', () => current && applyView());

onMessage(
  ToWebviewSchema,
  (m) => {
    switch (m.type) {
      case 'picture':
      case 'picturePart': {
        const whole = m.type === 'picture' ? joiner.start(m) : joiner.add(m);
        if (whole === null) break; // more parts to come
        const sameTarget = current !== null && JSON.stringify(current.target) === JSON.stringify(whole.target);
        current = whole;
        if (whole.target.trace) selected = whole.target.trace.selected;
        save();
        render();
        draw(whole, sameTarget);
        setStatus(whole.layout.graph.notes.length > 0 ? whole.layout.graph.notes.join(' · ') : null);
        break;
      }
      case 'status':
        setStatus(m.message);
        break;
      case 'error':
        setStatus(m.message, true);
        break;
      case 'renderPng': {
        const svg = svgEl();
        const layout = layoutOf();
        if (!svg || !layout) return;
        const [, , w, h] = (svg.dataset.size ?? '0 0 1 1').split(' ').map(Number);
        post({ type: 'png', dataUrl: svgToPng(svg, w!, h!) });
        break;
      }
    }
  },
  (error) => setStatus(`Ignored a malformed message: ${error}`, true),
);

render();
setStatus('Reading the topology…');
post({ type: 'ready' });
