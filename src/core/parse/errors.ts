/** The only error a parser throws: it names the source and the 1-based line. */
export class ParseError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? `${source}: ${reason}` : `${source}, line ${line}: ${reason}`);
    this.name = 'ParseError';
  }
}
