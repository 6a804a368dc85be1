// What a user does in the workbench: open our view, find tree rows, context menus, dialogs,
// the command palette, editors and webview frames. Every helper waits for what is on screen.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { eventually } from './until';

export const containerTitle = 'DevStack Network';

/** Shows the DevStack Network side bar (clicking an active container would hide it). */
export async function openDevStackView(page: Page): Promise<Locator> {
  const tab = page.locator(`.activitybar [aria-label^="${containerTitle}"]`).first();
  await tab.waitFor();
  const view = topologyView(page);
  // The tab's aria-selected can lag behind the side bar (e.g. after the Welcome page): click
  // only while the view is not on screen, and look again, so a click never hides it.
  await eventually(
    async () => {
      if (await view.isVisible()) return true;
      await tab.click();
      return view.waitFor({ timeout: 2000 }).then(() => true, () => false);
    },
    () => 'the DevStack Network side bar does not show its Topology view',
  );
  return view;
}

/** The Topology view's body in the side bar. */
export function topologyView(page: Page): Locator {
  return page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /Topology/i }) });
}

/** A tree row whose label is `label` (a string: exactly; a RegExp: matching). */
export function treeRow(page: Page, label: string | RegExp): Locator {
  const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
  return topologyView(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: pattern }) })
    .first();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Expands the rows on the way down (each a label), returns the last one. */
export async function openPath(page: Page, ...labels: (string | RegExp)[]): Promise<Locator> {
  let row: Locator | undefined;
  for (const [i, label] of labels.entries()) {
    row = treeRow(page, label);
    await scrollTo(row);
    if (i < labels.length - 1) await expandRow(row);
  }
  return row!;
}

/** Scrolls to an element, again if a re-render detached it meanwhile (the tree re-renders its rows). */
export async function scrollTo(element: Locator): Promise<void> {
  await eventually(
    async () => {
      await element.scrollIntoViewIfNeeded({ timeout: 5000 });
      return true;
    },
    () => 'could not scroll to the element',
  );
}

/** Expands a collapsed tree row (a no-op when it is open already). */
export async function expandRow(row: Locator): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await eventually(
    async () => (await row.getAttribute('aria-expanded')) === 'true',
    () => 'tree row did not expand',
  );
}

/** Right-click → item. A click on a menu item does not fire it here: focus it with the keyboard. */
export async function contextMenu(page: Page, target: Locator, item: string | RegExp): Promise<void> {
  await target.click({ button: 'right' });
  const menuItem = page.getByRole('menuitem', { name: item }).first();
  await menuItem.waitFor();
  for (let i = 0; i < 40; i++) {
    if (await isFocused(menuItem)) {
      await page.keyboard.press('Enter');
      await page.mouse.move(720, 895); // off the row, so its hover does not cover what opens next
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`context menu item ${item} never got the focus`);
}

async function isFocused(element: Locator): Promise<boolean> {
  return element.evaluate((el) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    return root.activeElement === el || !!el.closest('.action-item.focused');
  });
}

/** Runs a command by its palette title ("DevStack: Refresh"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor();
  await row.click();
}

/** The quick pick / input box at the top of the workbench. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** The modal dialog (e.g. the host key prompt). */
export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

export async function clickDialogButton(page: Page, label: string | RegExp): Promise<void> {
  await dialog(page).getByRole('button', { name: label }).click();
  await dialog(page).waitFor({ state: 'hidden' });
}

/** The text lines of the active editor (monaco renders spaces as U+00A0; showsText maps them back). */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
}

/** The webview whose page shows `selector` (its DOM is two iframes deep); re-resolved on every use. */
export async function webview(page: Page, selector: string, timeoutMs = 30_000): Promise<FrameLocator> {
  return eventually(
    async () => {
      const count = await page.locator('iframe.webview').count();
      for (let i = 0; i < count; i++) {
        const inner = page.frameLocator('iframe.webview').nth(i).frameLocator('#active-frame');
        if (await inner.locator(selector).count()) return inner;
      }
      return undefined;
    },
    () => `no webview shows ${selector} after ${timeoutMs} ms`,
    timeoutMs,
  );
}

/** Closes every editor and notification, so a scenario starts from the tree alone. */
export async function clearWorkbench(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Notifications: Clear All Notifications');
  await eventually(async () => (await page.locator('.editor-group-container .tab').count()) === 0, () => 'editors stayed open');
}

/** A button in the side bar's title (the view's actions: Refresh All Hosts, Open lesson…). */
export function viewAction(page: Page, name: string | RegExp): Locator {
  return page.locator('.sidebar .title-actions, .sidebar .pane-header .actions').getByRole('button', { name }).first();
}

/**
 * Answers "Trace packet…"'s prompts: the protocol and the destination (each picked among the offered rows),
 * then checks the destination port is prefilled with `port` and accepts it.
 */
export async function answerTracePrompts(page: Page, proto: string, destination: string, port: string): Promise<void> {
  const input = quickInput(page).locator('input');
  for (const answer of [proto, destination]) {
    await quickInput(page).locator('.monaco-list-row').filter({ hasText: answer }).first().waitFor();
    await input.fill(answer);
    await page.keyboard.press('Enter');
  }
  await eventually(async () => (await input.inputValue()) === port, async () => `the port is not prefilled with ${port}: ${await input.inputValue()}`);
  await page.keyboard.press('Enter');
}

interface RowInfo {
  readonly index: number;
  readonly level: number;
  readonly label: string;
}

/** The rows the tree has rendered, in list order, with their depth (aria-level) and label. */
async function renderedRows(page: Page): Promise<RowInfo[]> {
  const rows = await topologyView(page)
    .locator('.monaco-list-row')
    .evaluateAll((els) => els.map((e) => ({ index: Number(e.getAttribute('data-index')), level: Number(e.getAttribute('aria-level')), label: e.querySelector('.label-name')?.textContent ?? '' })));
  return rows.sort((a, b) => a.index - b.index);
}

/** The rendered direct children of `parent`, in tree order (null while `parent` itself is not rendered). */
async function renderedChildren(page: Page, parent: Locator): Promise<RowInfo[] | null> {
  const at = Number(await parent.getAttribute('data-index'));
  const rows = await renderedRows(page);
  const from = rows.findIndex((r) => r.index === at);
  if (from < 0) return null;
  const level = rows[from]!.level;
  const children: RowInfo[] = [];
  for (const r of rows.slice(from + 1)) {
    if (r.level <= level) break;
    if (r.level === level + 1) children.push(r);
  }
  return children;
}

const rowAt = (page: Page, index: number) => topologyView(page).locator(`.monaco-list-row[data-index="${index}"]`);

/**
 * The child row of `parent` whose label is `label` (several hosts repeat "Open vSwitch", "br-tun", "Ports":
 * treeRow finds the first anywhere, this one only under `parent`). Expands `parent` first. Use it at once: the
 * row is located by its list index, which moves when rows above open or close.
 */
export async function childRow(page: Page, parent: Locator, label: string | RegExp): Promise<Locator> {
  await expandRow(parent);
  const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
  return eventually(
    async () => {
      const child = (await renderedChildren(page, parent))?.find((r) => pattern.test(r.label));
      return child ? rowAt(page, child.index) : undefined;
    },
    () => `no row ${label} under the row at ${String(parent)}`,
  );
}

/** Expands the rows on the way down under `start` (each a label, looked for only under the one before), returns the last. */
export async function openPathUnder(page: Page, start: Locator, ...labels: (string | RegExp)[]): Promise<Locator> {
  let row = start;
  for (const label of labels) {
    row = await childRow(page, row, label);
    await scrollTo(row);
  }
  return row;
}

/** The labels of a row's children (expanding it, waiting for at least `atLeast` of them), in tree order. */
export async function childLabels(page: Page, parent: Locator, atLeast = 1): Promise<string[]> {
  await expandRow(parent);
  let out: string[] = [];
  await eventually(
    async () => {
      const children = await renderedChildren(page, parent);
      if (children === null) return false;
      out = children.map((r) => r.label);
      return out.length >= atLeast;
    },
    () => `fewer than ${atLeast} rows under the row: ${out.join(', ')}`,
  );
  return out;
}

/** The selected row's label and the labels of its ancestors, root first (["devstack-compute", "Open vSwitch", "br-tun", "vxlan-…"]). */
export async function selectedPath(page: Page): Promise<string[]> {
  const rows = await renderedRows(page);
  const selected = await topologyView(page).locator('.monaco-list-row[aria-selected="true"]').first().getAttribute('data-index', { timeout: 5000 }).catch(() => null);
  const at = rows.findIndex((r) => String(r.index) === selected);
  if (at < 0) return [];
  const path = [rows[at]!];
  for (let i = at - 1; i >= 0 && path[0]!.level > 1; i--) if (rows[i]!.level === path[0]!.level - 1) path.unshift(rows[i]!);
  return path.map((r) => r.label);
}

/** Collapses an expanded tree row (a no-op when it is closed). */
export async function collapseRow(row: Locator): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
  await eventually(async () => (await row.getAttribute('aria-expanded')) !== 'true', () => 'tree row did not collapse');
}
