// Lesson progress: steps done, answers given, the step on screen — per host
// and lesson. Pure: the vscode side stores the value in globalState.
import { z } from 'zod';

const answerSchema = z.object({ answer: z.string(), correct: z.boolean() });

const lessonProgressSchema = z.object({
  done: z.array(z.string()),
  /** Keyed by `${stepId}/${checkId}`. */
  answers: z.record(z.string(), answerSchema),
  current: z.string().nullable(),
});

export const progressSchema = z.object({
  version: z.literal(1),
  /** hosts[alias][lessonId] */
  hosts: z.record(z.string(), z.record(z.string(), lessonProgressSchema)),
});

export type LessonProgress = z.infer<typeof lessonProgressSchema>;
export type Progress = z.infer<typeof progressSchema>;

export const EMPTY_LESSON_PROGRESS: LessonProgress = { done: [], answers: {}, current: null };

export function emptyProgress(): Progress {
  return { version: 1, hosts: {} };
}

/** Stored progress, or empty progress when the stored value is missing or unreadable. */
export function readProgress(stored: unknown): Progress {
  const parsed = progressSchema.safeParse(stored);
  return parsed.success ? parsed.data : emptyProgress();
}

export function lessonProgress(progress: Progress, alias: string, lessonId: string): LessonProgress {
  return progress.hosts[alias]?.[lessonId] ?? EMPTY_LESSON_PROGRESS;
}

function update(progress: Progress, alias: string, lessonId: string, change: (p: LessonProgress) => LessonProgress): Progress {
  const host = progress.hosts[alias] ?? {};
  return { ...progress, hosts: { ...progress.hosts, [alias]: { ...host, [lessonId]: change(lessonProgress(progress, alias, lessonId)) } } };
}

export function answerKey(stepId: string, checkId: string): string {
  return `${stepId}/${checkId}`;
}

export function withStepDone(progress: Progress, alias: string, lessonId: string, stepId: string, done: boolean): Progress {
  return update(progress, alias, lessonId, (p) => ({
    ...p,
    done: done ? [...new Set([...p.done, stepId])] : p.done.filter((s) => s !== stepId),
  }));
}

/**
 * Records an answer. When every check of the step (`stepCheckIds`) has a correct
 * answer, the step counts as done.
 */
export function withAnswer(
  progress: Progress,
  alias: string,
  lessonId: string,
  answer: { stepId: string; checkId: string; answer: string; correct: boolean },
  stepCheckIds: readonly string[],
): Progress {
  const next = update(progress, alias, lessonId, (p) => ({
    ...p,
    answers: { ...p.answers, [answerKey(answer.stepId, answer.checkId)]: { answer: answer.answer, correct: answer.correct } },
  }));
  const answers = lessonProgress(next, alias, lessonId).answers;
  const allRight = stepCheckIds.length > 0 && stepCheckIds.every((id) => answers[answerKey(answer.stepId, id)]?.correct);
  return allRight ? withStepDone(next, alias, lessonId, answer.stepId, true) : next;
}

export function withCurrent(progress: Progress, alias: string, lessonId: string, stepId: string): Progress {
  return update(progress, alias, lessonId, (p) => ({ ...p, current: stepId }));
}

/** Forgets this host's progress in this lesson; other hosts and lessons keep theirs. */
export function withReset(progress: Progress, alias: string, lessonId: string): Progress {
  const { [lessonId]: _dropped, ...rest } = progress.hosts[alias] ?? {};
  return { ...progress, hosts: { ...progress.hosts, [alias]: rest } };
}
