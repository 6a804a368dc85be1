// Messages between the lesson webview and the extension, checked with zod on
// both sides. The webview only ever names steps, commands and checks by id:
// it never sends a command line, so it cannot make the extension run anything new.
import { z } from 'zod';

const id = z.string().min(1).max(200);
const name = z.string().max(4096);
const text = z.string().max(1_000_000);

/** The longest answer looked at; longer input is rejected, not scanned. */
export const MAX_ANSWER_LENGTH = 2000;

export const InlineSchema = z.object({ type: z.enum(['text', 'code', 'strong', 'em']), text });

export const BlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), level: z.union([z.literal(1), z.literal(2), z.literal(3)]), inlines: z.array(InlineSchema) }),
  z.object({ type: z.literal('paragraph'), inlines: z.array(InlineSchema) }),
  z.object({ type: z.literal('quote'), inlines: z.array(InlineSchema) }),
  z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(z.array(InlineSchema)) }),
  z.object({ type: z.literal('code'), text }),
]);

export const CommandViewSchema = z.object({
  id,
  label: text,
  /** The exact command line, or null when something is missing. */
  text: text.nullable(),
  missing: z.array(text),
});

export const CheckViewSchema = z.object({
  id,
  question: text.nullable(),
  missing: z.array(text),
  /** The learner's last answer and whether it was right, or null. */
  answer: text.nullable(),
  correct: z.boolean().nullable(),
  message: text.nullable(),
});

export const StepViewSchema = z.object({
  id,
  title: text,
  blocks: z.array(BlockSchema),
  /** What keeps the whole step from running (what is missing and how to get it). */
  blocked: z.array(text),
  commands: z.array(CommandViewSchema),
  checks: z.array(CheckViewSchema),
  treeTargets: z.array(z.object({ index: z.number().int().nonnegative(), label: text })),
  inspector: z.object({ label: text }).nullable(),
  /** "Show in picture" (absent in views from before the picture). */
  picture: z.object({ label: text }).nullable().optional(),
  done: z.boolean(),
});

export const LessonViewSchema = z.object({
  alias: name,
  hostStatus: z.enum(['idle', 'connecting', 'connected', 'failed', 'offline', 'unknown']),
  hostError: text.nullable(),
  /** When the topology the commands were filled from was taken (ms), or null. */
  takenAt: z.number().nullable(),
  lessonId: id,
  title: text,
  summary: text,
  steps: z.array(StepViewSchema),
  current: id.nullable(),
});

/** What the webview keeps with setState, and what the serializer gets back. */
export const LessonStateSchema = z.object({ alias: name, lessonId: id.optional(), current: id.nullable().optional() });

// Strict: a message with extra fields (an argv, a command line) is junk.
export const ToExtensionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('select'), stepId: id }),
  z.strictObject({ type: z.literal('run'), stepId: id, commandId: id }),
  z.strictObject({ type: z.literal('cancel'), runId: z.number().int().nonnegative() }),
  z.strictObject({ type: z.literal('answer'), stepId: id, checkId: id, answer: z.string().max(MAX_ANSWER_LENGTH) }),
  z.strictObject({ type: z.literal('markDone'), stepId: id, done: z.boolean() }),
  z.strictObject({ type: z.literal('reset') }),
  z.strictObject({ type: z.literal('refreshHost') }),
  z.strictObject({ type: z.literal('showInTree'), stepId: id, index: z.number().int().nonnegative() }),
  z.strictObject({ type: z.literal('openChainInspector'), stepId: id }),
  z.strictObject({ type: z.literal('showInPicture'), stepId: id }),
  z.strictObject({ type: z.literal('openFullOutput'), runId: z.number().int().nonnegative() }),
]);

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), view: LessonViewSchema }),
  z.object({ type: z.literal('runStarted'), runId: z.number().int().nonnegative(), stepId: id, commandId: id, command: text }),
  z.object({ type: z.literal('output'), runId: z.number().int().nonnegative(), chunk: text }),
  z.object({
    type: z.literal('runFinished'),
    runId: z.number().int().nonnegative(),
    ok: z.boolean(),
    exitCode: z.number().int().nullable(),
    /** Why it failed (sudo wants a password, connection dropped, cancelled …), or null. */
    error: text.nullable(),
    stderr: text,
    /** Output beyond the inline limit was left out; "open full output" shows all of it. */
    truncated: z.boolean(),
    shownChars: z.number().int().nonnegative(),
    totalChars: z.number().int().nonnegative(),
    /** The runner itself stopped keeping output at the size limit. */
    cutAtLimit: z.boolean(),
  }),
  z.object({ type: z.literal('checkResult'), stepId: id, checkId: id, correct: z.boolean(), message: text }),
  z.object({ type: z.literal('error'), message: text }),
]);

export type Inline = z.infer<typeof InlineSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type CommandView = z.infer<typeof CommandViewSchema>;
export type CheckView = z.infer<typeof CheckViewSchema>;
export type StepView = z.infer<typeof StepViewSchema>;
export type LessonView = z.infer<typeof LessonViewSchema>;
export type LessonState = z.infer<typeof LessonStateSchema>;
export type ToExtension = z.infer<typeof ToExtensionSchema>;
export type ToWebview = z.infer<typeof ToWebviewSchema>;
