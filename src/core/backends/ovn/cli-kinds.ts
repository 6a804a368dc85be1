// `devstack-net parse ovn-*` kinds: the OVN text forms (and the JSON tables) as documented JSON.
import { ParseError } from '../../parse/errors';
import { parseJson, splitJsonValues } from '../../parse/schemas';
import { parseAcls } from './parse/acl';
import { parseNats } from './parse/nat';
import { parseNbShow } from './parse/nb-show';
import { parseSbShow } from './parse/sb-show';
import { NB_TABLES, parseNbTables, parseSbTables, SB_TABLES, tableOfHeadings, type NbTable, type SbTable } from './parse/tables';
import { parseTrace } from './parse/trace';

type Kind = (text: string) => unknown;

export const OVN_PARSE_KINDS: Readonly<Record<string, Kind>> = {
  'ovn-nb-show': (text) => parseNbShow(text),
  'ovn-sb-show': (text) => parseSbShow(text),
  'ovn-acl': (text) => parseAcls(text),
  'ovn-nat': (text) => parseNats(text),
  'ovn-trace': (text) => {
    const t = parseTrace(text);
    return {
      format: t.format,
      microflow: t.microflow,
      stages: t.stages.map((s) => ({
        pipeline: s.pipeline, datapath: s.datapath, table: s.table, stage: s.stage, priority: s.priority, match: s.match, actions: s.actions,
      })),
      ...(t.format === 'minimal' ? { minimal: t.minimal } : {}),
    };
  },
  'ovn-nb-json': (text) => parseNbTables(splitTables(text, 'ovn-nbctl --format=json', NB_TABLES)),
  'ovn-sb-json': (text) => parseSbTables(splitTables(text, 'ovn-sbctl --format=json', SB_TABLES)),
};

/** `--format=json list <Table>` outputs one after another, any order; each recognised by its headings. */
function splitTables<T extends NbTable | SbTable>(text: string, source: string, allowed: readonly T[]): Partial<Record<T, string>> {
  const out: Partial<Record<T, string>> = {};
  for (const doc of splitJsonValues(text, source)) {
    const headings = (parseJson(doc, source) as { headings?: unknown }).headings;
    const table = Array.isArray(headings) ? tableOfHeadings(headings.filter((h): h is string => typeof h === 'string')) : null;
    if (table === null || !(allowed as readonly string[]).includes(table)) {
      throw new ParseError(source, null, `a JSON table that is not one of ${allowed.join(', ')} (headings not recognised)`);
    }
    out[table as T] = doc;
  }
  return out;
}
