// The lesson file format (media/lessons/<id>/lesson.json), validated with zod.
// Adding a lesson is adding files: nothing here knows about a particular lesson.
import { z } from 'zod';
import { NEEDS, unknownPlaceholders } from './placeholders';
import { readOnlyProblem } from './read-only';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by "-"');

/** A string that may hold {{placeholders}}; every placeholder must be one we know how to fill. */
const template = z.string().superRefine((text, ctx) => {
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown placeholder(s): ${unknown.join(', ')}` });
});

export const needSchema = z.enum(NEEDS);

export const commandSchema = z.strictObject({
  id,
  /** Shown above the command, e.g. "List the devices". */
  label: z.string().min(1),
  argv: z
    .array(template)
    .min(1)
    .superRefine((argv, ctx) => {
      const problem = readOnlyProblem(argv);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
  sudo: z.boolean().default(false),
  /** Run inside this network namespace (a template, e.g. "{{qdhcp.name}}"). */
  namespace: template.optional(),
  /** Exit codes that still count as success (grep finding nothing exits 1). */
  okExitCodes: z.array(z.number().int()).optional(),
});

const answerCheck = z.strictObject({
  id,
  type: z.literal('answer'),
  question: template,
  /** Right answers; any one of them is accepted. */
  accept: z.array(template).min(1),
  /** How answers are compared: name/text ignore case, ip ignores a /32 suffix. */
  match: z.enum(['name', 'ip', 'text', 'exact']).default('text'),
  hint: z.string().optional(),
  explain: z.string().optional(),
});

const containsCheck = z.strictObject({
  id,
  type: z.literal('contains'),
  question: template,
  /** Regular expressions the answer must ALL match (case-insensitive). */
  patterns: z
    .array(
      z.string().refine((p) => {
        try {
          new RegExp(p, 'i');
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression'),
    )
    .min(1),
  hint: z.string().optional(),
  explain: z.string().optional(),
});

export const checkSchema = z.discriminatedUnion('type', [answerCheck, containsCheck]);

/** Something "Show in tree" can reveal: a device, a namespace or an OVS bridge. */
export const treeTargetSchema = z.union([
  z.strictObject({ label: z.string().min(1), device: template, namespace: template.nullable().default(null) }),
  z.strictObject({ label: z.string().min(1), namespace: template }),
  z.strictObject({ label: z.string().min(1), ovsBridge: template }),
]);

export const inspectorLinkSchema = z.strictObject({
  label: z.string().min(1),
  mode: z.enum(['tables', 'port', 'nat']),
  namespace: template.nullable().default(null),
  portPrefix: template.optional(),
  device: template.optional(),
});

/** "Show in picture": the topology picture focused on a port, router or network (or the whole host). */
export const pictureLinkSchema = z.strictObject({
  label: z.string().min(1),
  focus: z.enum(['host', 'port', 'router', 'network']),
  id: template.optional(),
});

export const stepSchema = z.strictObject({
  id,
  title: z.string().min(1),
  /** Markdown file, relative to the lesson folder. */
  markdown: z.string().regex(/^[A-Za-z0-9_.-]+\.md$/, 'a .md file name in the lesson folder'),
  needs: z.array(needSchema).default([]),
  commands: z.array(commandSchema).default([]),
  showInTree: z.array(treeTargetSchema).default([]),
  inspector: inspectorLinkSchema.optional(),
  picture: pictureLinkSchema.optional(),
  checks: z.array(checkSchema).default([]),
});

export const lessonSchema = z
  .strictObject({
    id,
    title: z.string().min(1),
    summary: z.string().default(''),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((lesson, ctx) => {
    const seen = new Set<string>();
    for (const step of lesson.steps) {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
      for (const [kind, ids] of [
        ['command', step.commands.map((c) => c.id)],
        ['check', step.checks.map((c) => c.id)],
      ] as const) {
        if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: `step "${step.id}": duplicate ${kind} id` });
      }
    }
  });

export type LessonCommand = z.infer<typeof commandSchema>;
export type LessonCheck = z.infer<typeof checkSchema>;
export type TreeTarget = z.infer<typeof treeTargetSchema>;
export type InspectorLink = z.infer<typeof inspectorLinkSchema>;
export type PictureLink = z.infer<typeof pictureLinkSchema>;
export type LessonStepFile = z.infer<typeof stepSchema>;
export type LessonFile = z.infer<typeof lessonSchema>;

/** A loaded lesson: the validated file plus each step's markdown text. */
export interface Lesson extends LessonFile {
  readonly folder: string;
  readonly markdown: Readonly<Record<string, string>>;
}
