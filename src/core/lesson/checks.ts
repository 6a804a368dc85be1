// Answer checks: accept right answers written the way people write them
// (spaces, quotes, case, a /32 suffix) and reject everything else.
import { MAX_ANSWER_LENGTH } from '../messages/lesson';
import type { PreparedCheck } from './step';

export interface CheckResult {
  readonly correct: boolean;
  readonly message: string;
}

export function checkAnswer(prepared: PreparedCheck, answer: string): CheckResult {
  const { check } = prepared;
  if (prepared.missing.length > 0) return { correct: false, message: prepared.missing[0]?.message ?? 'This check cannot run yet.' };
  const given = answer.trim();
  if (given === '') return { correct: false, message: 'Type an answer first.' };
  if (given.length > MAX_ANSWER_LENGTH) return { correct: false, message: 'That answer is too long.' };
  const correct =
    check.type === 'contains'
      ? check.patterns.every((p) => new RegExp(p, 'i').test(given))
      : prepared.accept.some((right) => normalize(right, check.match) === normalize(given, check.match));
  if (correct) return { correct: true, message: check.explain ? `Correct. ${check.explain}` : 'Correct.' };
  return { correct: false, message: check.hint ? `Not quite. ${check.hint}` : 'Not quite. Look at the output again.' };
}

type Match = 'name' | 'ip' | 'text' | 'exact';

export function normalize(answer: string, match: Match): string {
  const trimmed = unquote(answer.trim());
  switch (match) {
    case 'exact':
      return trimmed;
    case 'text':
      return trimmed.replace(/\s+/g, ' ').replace(/[.!]$/, '').toLowerCase();
    case 'name':
      // Pasted forms name the same thing: "--interface=tap…", "qvb…@qvo…" (as `ip link` prints it), "tap…:".
      return trimmed.replace(/^--?[a-z-]+=/, '').replace(/@.*$/, '').replace(/:$/, '').toLowerCase();
    case 'ip':
      return canonicalIp(trimmed.replace(/\/\d{1,3}$/, ''));
  }
}

function unquote(text: string): string {
  const m = /^(["'`])(.*)\1$/.exec(text);
  return m ? (m[2] as string).trim() : text;
}

/** "010.0.0.05" → "10.0.0.5"; IPv6 lower-cased; anything else unchanged. */
function canonicalIp(text: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').map((o) => String(Number(o))).join('.');
  return text.toLowerCase();
}
