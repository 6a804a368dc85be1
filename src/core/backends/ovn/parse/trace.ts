// `ovn-trace` output. Detailed (default) form: an optional `# <microflow>` line, then stanzas whose
// header (`ingress(dp="…", inport="…")`, `egress(…)`, `ct_next(…)`, `ct_dnat(…)`, `multicast(…)`) is
// underlined by dashes, holding stage lines ` N. <stage> (<file>.c:<line>): <match>, priority P, uuid U`
// and their actions indented below. `--ovs` puts OpenFlow flows under a stage (skipped here).
// `--minimal` prints a brace-nested program instead, kept as its lines.
import { ParseError } from '../../../parse/errors';
import { clip, guard, splitLines } from '../../../parse/lines';
import { isPasteNoise } from './records';
import type { Trace, TraceStage } from './types';

const STAGE = /^(\d+)\. ([A-Za-z_][\w]*)(?: \(([^)]*)\))?: (.*), priority (\d+)(?:, uuid ([0-9a-f]+))?$/;
const PIPELINE = /^(ingress|egress)\((.*)\)$/;
const OPENFLOW = /^(cookie=0x|priority=\d|table=\d|duration=)/;

type Draft = { -readonly [K in keyof TraceStage]: TraceStage[K] extends readonly string[] ? string[] : TraceStage[K] };

export function parseTrace(text: string, source = 'ovn-trace'): Trace {
  return guard(source, () => {
    const lines = splitLines(text);
    let microflow: string | null = null;
    const body: { raw: string; no: number }[] = [];
    lines.forEach((raw, i) => {
      if (raw.trim() === '' || isPasteNoise(raw)) return;
      if (microflow === null && body.length === 0 && raw.startsWith('# ')) microflow = raw.slice(2).trim();
      else body.push({ raw, no: i + 1 });
    });
    if (body.some((l) => /\{\s*$/.test(l.raw)) && !body.some((l, k) => isUnderline(l.raw, body[k - 1]?.raw))) {
      return { format: 'minimal', microflow, stages: [], minimal: body.map((l) => l.raw) };
    }
    const stages: Draft[] = [];
    let pipeline: 'ingress' | 'egress' | null = null;
    let datapath = '';
    let under = '';
    let stage: Draft | null = null;
    for (let k = 0; k < body.length; k++) {
      const { raw, no } = body[k];
      const line = raw.trim();
      if (isUnderline(body[k + 1]?.raw, raw)) {
        // A stanza header; the next line is its underline.
        const p = PIPELINE.exec(line);
        if (p) {
          pipeline = p[1] as 'ingress' | 'egress';
          datapath = /dp="([^"]*)"/.exec(p[2])?.[1] ?? /dp=([^,)\s]+)/.exec(p[2])?.[1] ?? '';
        }
        under = line;
        stage = null;
        k++;
        continue;
      }
      const s = STAGE.exec(line);
      if (s) {
        if (pipeline === null) throw new ParseError(source, no, 'stage line before any ingress(…)/egress(…) header');
        stages.push((stage = {
          pipeline, datapath, table: Number(s[1]), stage: s[2], priority: Number(s[5]), match: s[4], actions: [], uuid: s[6] ?? null, under,
        }));
        continue;
      }
      if (OPENFLOW.test(line)) continue; // --ovs: the OpenFlow flows behind the stage
      if (stage && /^\s/.test(raw)) {
        stage.actions.push(line);
        continue;
      }
      if (/^\d+\. \S+.*no match/.test(line) || /^no match/.test(line)) {
        if (stage) stage.actions.push(line);
        continue;
      }
      throw new ParseError(source, no, `unexpected line: ${clip(line)}`);
    }
    if (stages.length === 0 && body.length > 0) throw new ParseError(source, body[0].no, 'no ovn-trace stage found');
    return { format: 'detailed', microflow, stages, minimal: [] };
  });
}

/** True when `line` is dashes exactly as long as the (trimmed) header above it. */
function isUnderline(line: string | undefined, header: string | undefined): boolean {
  if (line === undefined || header === undefined) return false;
  const t = line.trim();
  const h = header.trim();
  return t.length >= 3 && /^-+$/.test(t) && t.length === h.length && !/^-+$/.test(h);
}
