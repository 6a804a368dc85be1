// PNG export: draws the live SVG (its rects, paths and texts with their computed theme
// colours) onto a canvas. No image loading, so the webview's CSP stays as it is.
export function svgToPng(svg: SVGSVGElement, width: number, height: number, scale = 2): string {
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  const offsetOf = (el: Element): [number, number] => {
    let x = 0;
    let y = 0;
    for (let e: Element | null = el; e && e !== svg; e = e.parentElement) {
      const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(e.getAttribute('transform') ?? '');
      if (m) {
        x += Number(m[1]);
        y += Number(m[2]);
      }
    }
    return [x, y];
  };
  const num = (el: Element, name: string) => Number(el.getAttribute(name) ?? 0);
  const paint = (value: string) => (value && value !== 'none' ? value : null);
  for (const el of Array.from(svg.querySelectorAll('rect, path, text'))) {
    const style = getComputedStyle(el);
    let opacity = 1;
    for (let e: Element | null = el; e && e !== svg; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity || 1);
    ctx.save();
    ctx.globalAlpha = opacity;
    const [dx, dy] = offsetOf(el);
    ctx.translate(dx, dy);
    const fill = paint(style.fill);
    const stroke = paint(style.stroke);
    ctx.lineWidth = parseFloat(style.strokeWidth) || 1;
    const dash = style.strokeDasharray && style.strokeDasharray !== 'none' ? style.strokeDasharray.split(/[ ,]+/).map(parseFloat) : [];
    ctx.setLineDash(dash);
    if (el.tagName === 'rect') {
      const [x, y, w, h] = [num(el, 'x'), num(el, 'y'), num(el, 'width'), num(el, 'height')];
      if (fill) {
        ctx.fillStyle = fill;
        ctx.fillRect(x, y, w, h);
      }
      if (stroke) {
        ctx.strokeStyle = stroke;
        ctx.strokeRect(x, y, w, h);
      }
    } else if (el.tagName === 'path') {
      const p = new Path2D(el.getAttribute('d') ?? '');
      if (stroke) {
        ctx.strokeStyle = stroke;
        ctx.stroke(p);
      }
    } else if (fill) {
      ctx.fillStyle = fill;
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      ctx.fillText(el.textContent ?? '', num(el, 'x'), num(el, 'y'));
    }
    ctx.restore();
  }
  return canvas.toDataURL('image/png');
}
