// The lesson as the webview shows it for one host: prepared steps, markdown
// blocks and progress, as plain data (checked by the message schema).
import type { Block, LessonView, StepView } from '../messages/lesson';
import { parseMarkdown } from './markdown';
import { answerKey, type LessonProgress } from './progress';
import type { Lesson } from './schema';
import type { PreparedStep } from './step';

export interface HostInfo {
  readonly alias: string;
  readonly status: LessonView['hostStatus'];
  readonly error: string | null;
  readonly takenAt: number | null;
}

export function buildLessonView(lesson: Lesson, steps: readonly PreparedStep[], progress: LessonProgress, host: HostInfo): LessonView {
  const current = steps.some((s) => s.id === progress.current) ? progress.current : (steps[0]?.id ?? null);
  return {
    alias: host.alias,
    hostStatus: host.status,
    hostError: host.error,
    takenAt: host.takenAt,
    lessonId: lesson.id,
    title: lesson.title,
    summary: lesson.summary,
    steps: steps.map((s) => stepView(s, lesson.markdown[s.id] ?? '', progress)),
    current,
  };
}

function stepView(step: PreparedStep, markdown: string, progress: LessonProgress): StepView {
  return {
    id: step.id,
    title: step.title,
    blocks: withoutTitle(parseMarkdown(markdown)),
    blocked: step.blocked.map((m) => m.message),
    commands: step.commands.map((c) => ({ id: c.id, label: c.label, text: c.text, missing: c.missing.map((m) => m.message) })),
    checks: step.checks.map((c) => {
      const given = progress.answers[answerKey(step.id, c.id)];
      return {
        id: c.id,
        question: c.question,
        missing: c.missing.map((m) => m.message),
        answer: given?.answer ?? null,
        correct: given?.correct ?? null,
        message: null,
      };
    }),
    treeTargets: step.treeTargets.map((t, index) => ({ index, label: t.label })),
    picture: step.picture ? { label: step.picture.label } : null,
    inspector: step.inspector ? { label: step.inspector.label } : null,
    done: progress.done.includes(step.id),
  };
}

/** The pane shows the step title itself; a leading "# Title" in the file would repeat it. */
function withoutTitle(blocks: Block[]): Block[] {
  return blocks[0]?.type === 'heading' && blocks[0].level === 1 ? blocks.slice(1) : blocks;
}
