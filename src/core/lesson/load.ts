// Reads a lesson folder (lesson.json + one markdown file per step) and
// validates it. Errors name the folder and what is wrong.
import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { lessonSchema, type Lesson } from './schema';

export class LessonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonError';
  }
}

export async function loadLesson(folder: string): Promise<Lesson> {
  const file = path.join(folder, 'lesson.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new LessonError(`${file}: ${(err as Error).message}`);
  }
  const parsed = lessonSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new LessonError(`${file} is not a valid lesson:\n  ${issues.join('\n  ')}`);
  }
  const markdown: Record<string, string> = {};
  for (const step of parsed.data.steps) {
    try {
      markdown[step.id] = await readFile(path.join(folder, step.markdown), 'utf8');
    } catch (err) {
      throw new LessonError(`${folder}: step "${step.id}": cannot read ${step.markdown}: ${(err as Error).message}`);
    }
  }
  return { ...parsed.data, folder, markdown };
}

/** Every lesson under a folder (one sub-folder per lesson), sorted by id. */
export async function loadLessons(root: string): Promise<Lesson[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const lessons = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => loadLesson(path.join(root, e.name))));
  return lessons.sort((a, b) => a.id.localeCompare(b.id));
}
