// The text of an OpenSSH config file with its `Include` directives inlined, as
// ssh(1) reads them (the ssh-config package parses but does not follow them):
// several files per line, `~`, glob wildcards (sorted), paths relative to
// ~/.ssh (or /etc/ssh for a system file), missing files skipped, nesting at
// most 16 deep. An Include inside a Host block whose patterns do not match the
// host being resolved is skipped (ssh reads it with every Host line disabled);
// after inlined text the enclosing block's header is repeated, so the rest of
// that block keeps its condition.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { matchesPatternList } from './patterns';

const MAX_DEPTH = 16;

/**
 * The config text with Includes inlined; a missing top-level file is an empty config.
 * `host` (as typed, before HostName) decides conditional Includes; without it all are read.
 */
export function readSshConfigText(file: string, host?: string): string {
  return inline(path.resolve(expandHome(file)), 0, host);
}

function inline(file: string, depth: number, host: string | undefined): string {
  if (depth > MAX_DEPTH) throw new Error(`ssh config: Include nested deeper than ${MAX_DEPTH} (a loop?) at ${file}`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return '';
    throw error;
  }
  const base = file.startsWith('/etc/ssh/') ? '/etc/ssh' : path.join(os.homedir(), '.ssh');
  let header: string | undefined;
  let blockMatches = true;
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const directive = /^\s*(\w+)(?:\s*=\s*|\s+)(.*?)\s*$/.exec(line);
    const keyword = directive?.[1]!.toLowerCase();
    if (keyword === 'host' || keyword === 'match') {
      header = line.trim();
      blockMatches = keyword === 'match' || host === undefined || matchesPatternList(splitWords(directive![2]!), host);
    }
    if (keyword !== 'include') {
      out.push(line);
      continue;
    }
    if (!blockMatches) continue;
    for (const pattern of splitWords(directive![2]!)) {
      const expanded = expandHome(pattern);
      for (const included of expandGlob(path.isAbsolute(expanded) ? expanded : path.join(base, expanded))) {
        out.push(`# Include ${included}`, inline(included, depth + 1, host), header ?? 'Host *');
      }
    }
  }
  return out.join('\n');
}

/** Absolute path with `*`/`?`/`[…]` in any component → the existing matches, sorted. */
function expandGlob(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return [pattern];
  let paths = ['/'];
  for (const part of pattern.split('/').filter(Boolean)) {
    if (!/[*?[]/.test(part)) {
      paths = paths.map((p) => path.join(p, part));
      continue;
    }
    const matcher = globToRegExp(part);
    paths = paths.flatMap((dir) => {
      try {
        return fs.readdirSync(dir).filter((name) => matcher.test(name) && !name.startsWith('.')).sort().map((name) => path.join(dir, name));
      } catch {
        return [];
      }
    });
  }
  return paths.filter((p) => fs.existsSync(p));
}

function globToRegExp(part: string): RegExp {
  let source = '';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = part.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const set = part.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${set}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Splits on whitespace, honouring double quotes (as ssh_config does). */
export function splitWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

export function expandHome(file: string): string {
  if (file === '~') return os.homedir();
  if (file.startsWith('~/')) return path.join(os.homedir(), file.slice(2));
  return file;
}
