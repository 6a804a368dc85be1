// Remote text in markdown tooltips is data: escape every ASCII punctuation
// character CommonMark could read as syntax, and keep it on one line.
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$&:"'=^]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}

/** A "**Label:** value" line with the value escaped; nothing for an empty value. */
export function field(label: string, value: string | number | null | undefined): string[] {
  if (value === null || value === undefined || value === '') return [];
  return [`**${label}:** ${escapeMarkdown(String(value))}`];
}

/** Lines joined as separate markdown paragraphs. */
export function paragraphs(lines: readonly string[]): string {
  return lines.join('\n\n');
}
