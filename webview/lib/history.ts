// Browser-like navigation: a list of views and a position in it.

export interface History<V> {
  readonly entries: readonly V[];
  readonly position: number;
}

export function startHistory<V>(view: V): History<V> {
  return { entries: [view], position: 0 };
}

export function current<V>(h: History<V>): V {
  return h.entries[h.position] as V;
}

/** Opens a view: forward entries are dropped, like following a link. Same view twice is one entry. */
export function navigate<V>(h: History<V>, view: V, same: (a: V, b: V) => boolean): History<V> {
  if (same(current(h), view)) return h;
  const entries = [...h.entries.slice(0, h.position + 1), view].slice(-100);
  return { entries, position: entries.length - 1 };
}

export const canGoBack = <V>(h: History<V>): boolean => h.position > 0;
export const canGoForward = <V>(h: History<V>): boolean => h.position < h.entries.length - 1;

export function goTo<V>(h: History<V>, position: number): History<V> {
  return { entries: h.entries, position: Math.max(0, Math.min(position, h.entries.length - 1)) };
}

/** The history after a `back`, `forward` or `crumb` (breadcrumb, with its position) action; null for any other action. */
export function historyStep<V>(h: History<V>, action: string | undefined, position?: string): History<V> | null {
  switch (action) {
    case 'back':
      return canGoBack(h) ? goTo(h, h.position - 1) : h;
    case 'forward':
      return canGoForward(h) ? goTo(h, h.position + 1) : h;
    case 'crumb':
      return goTo(h, Number(position));
    default:
      return null;
  }
}

/** Alt+arrows and the mouse's back/forward buttons, like a browser. */
export function onBrowserNavigation(back: () => void, forward: () => void): void {
  window.addEventListener('keydown', (event) => {
    if (event.altKey && event.key === 'ArrowLeft') back();
    if (event.altKey && event.key === 'ArrowRight') forward();
  });
  window.addEventListener('mouseup', (event) => {
    if (event.button === 3) back();
    if (event.button === 4) forward();
  });
}
