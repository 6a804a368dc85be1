// `ovn-sbctl show`: chassis, their encapsulations and the ports bound to them.
import { ParseError } from '../../../parse/errors';
import { clip, guard, splitLines } from '../../../parse/lines';
import { isPasteNoise } from './records';
import type { SbShow, SbShowChassis } from './types';
import { unquote } from './values';

type Encap = { type: string; ip: string | null };
type ChassisDraft = { name: string; hostname: string | null; encaps: Encap[]; portBindings: string[] };

export function parseSbShow(text: string, source = 'ovn-sbctl show'): SbShow {
  return guard(source, () => {
    const chassis: ChassisDraft[] = [];
    let ch: ChassisDraft | null = null;
    let encap: Encap | null = null;
    splitLines(text).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || isPasteNoise(raw)) return;
      const head = /^(Chassis|Encap|Port_Binding|hostname:|ip:|options:)\s*(.*)$/.exec(line);
      if (!head) throw new ParseError(source, i + 1, `unexpected line: ${clip(line)}`);
      const value = unquote(head[2]);
      if (head[1] === 'Chassis') {
        chassis.push((ch = { name: value, hostname: null, encaps: [], portBindings: [] }));
        encap = null;
        return;
      }
      if (ch === null) throw new ParseError(source, i + 1, `${head[1]} outside of a Chassis`);
      const c: ChassisDraft = ch;
      switch (head[1]) {
        case 'hostname:': c.hostname = value === '' ? null : value; break;
        case 'Encap': c.encaps.push((encap = { type: value, ip: null })); break;
        case 'ip:': if (encap) (encap as Encap).ip = value; break;
        case 'Port_Binding': c.portBindings.push(value); encap = null; break;
        default: break; // options
      }
    });
    return { chassis: chassis as SbShowChassis[] };
  });
}
