// What the inspectors' webviews share: clicks on enabled [data-action] elements, and an error style on the
// status line that a newer error keeps for its full 8 s.

/** Calls `handler` with the enabled `[data-action]` element a click landed in (or whose child it landed on). */
export function onDataAction(handler: (el: HTMLElement) => void): void {
  document.addEventListener('click', (event) => {
    const el = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
    if (el && !(el as HTMLButtonElement).disabled) handler(el);
  });
}

/** Shows `message` on `status` in the error style for 8 s. */
export function errorFlasher(status: HTMLElement): (message: string) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (message) => {
    status.textContent = message;
    status.classList.add('error');
    clearTimeout(timer); // a newer error keeps its full 8 s
    timer = setTimeout(() => status.classList.remove('error'), 8000);
  };
}
