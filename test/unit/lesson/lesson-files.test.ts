import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLesson, loadLessons, LessonError } from '../../../src/core/lesson/load';
import { parseMarkdown } from '../../../src/core/lesson/markdown';
import { lessonSchema } from '../../../src/core/lesson/schema';
import { LESSONS_DIR } from './fixtures';

describe('lesson files', () => {
  it('every lesson folder passes the schema and has its markdown', async () => {
    const lessons = await loadLessons(LESSONS_DIR);
    assert.ok(lessons.length >= 1);
    for (const l of lessons) {
      for (const step of l.steps) {
        const text = l.markdown[step.id] ?? '';
        assert.ok(text.trim().length > 200, `${l.id}/${step.id} has real text`);
        assert.ok(parseMarkdown(text).length > 1, `${l.id}/${step.id} renders to blocks`);
      }
    }
  });

  it('"Networking under the hood" has the eight steps of the issue, in order', async () => {
    const l = await loadLesson(join(LESSONS_DIR, 'under-the-hood'));
    assert.deepEqual(
      l.steps.map((s) => s.id),
      ['devices', 'security-groups', 'hybrid-bridge', 'namespaces', 'openvswitch', 'dhcp', 'routing', 'wrap-up'],
    );
    const sg = l.steps[1];
    assert.deepEqual(sg?.needs, ['instancePort', 'backend:ovs-hybrid']);
    assert.ok(sg?.checks.some((c) => c.type === 'answer' && c.accept.includes('{{port.inboundChain}}')));
    assert.equal(sg?.inspector?.mode, 'port');
    const text = Object.values(l.markdown).join('\n');
    for (const word of ['virbr0', 'libvirt', 'physical NIC', 'qvb', 'qvo', 'br-tun', 'qg-', 'DNAT', 'SNAT', '169.254.169.254', '9697', '--interface', '--bind-dynamic']) {
      assert.ok(text.includes(word), `the lesson explains ${word}`);
    }
  });

  describe('the schema rejects broken lessons with a clear message', () => {
    let dir: string;
    let good: Record<string, unknown>;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'lesson-'));
      good = JSON.parse(await readFile(join(LESSONS_DIR, 'under-the-hood', 'lesson.json'), 'utf8')) as Record<string, unknown>;
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    const broken = async (change: (lesson: any) => void): Promise<string> => {
      const copy = JSON.parse(JSON.stringify(good));
      change(copy);
      await writeFile(join(dir, 'lesson.json'), JSON.stringify(copy));
      for (const step of copy.steps) await writeFile(join(dir, String(step.markdown).replace(/[/\\]/g, '_')), '# x\n');
      const err = await loadLesson(dir).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof LessonError, 'loading fails with a LessonError');
      return err.message;
    };

    it('an unknown placeholder', async () => {
      const msg = await broken((l) => (l.steps[1].commands[0].argv[2] = '{{port.nope}}'));
      assert.match(msg, /steps\.1\.commands\.0\.argv\.2: unknown placeholder\(s\): port\.nope/);
    });
    it('a malformed placeholder', async () => {
      assert.match(await broken((l) => (l.steps[0].checks[0].question = 'Which {{bridge?')), /malformed/);
    });
    it('an unknown need', async () => {
      assert.match(await broken((l) => (l.steps[0].needs = ['unicorn'])), /steps\.0\.needs\.0/);
    });
    it('a bad regular expression', async () => {
      assert.match(await broken((l) => (l.steps[1].checks[1].patterns = ['(unclosed'])), /not a valid regular expression/);
    });
    it('duplicate step ids', async () => {
      assert.match(await broken((l) => (l.steps[1].id = 'devices')), /duplicate step id "devices"/);
    });
    it('a markdown path outside the folder', async () => {
      assert.match(await broken((l) => (l.steps[0].markdown = '../../etc/passwd.md')), /steps\.0\.markdown/);
    });
    it('an unknown field (typo)', async () => {
      assert.match(await broken((l) => (l.steps[0].comands = [])), /steps\.0/);
    });
    it('a missing markdown file', async () => {
      const copy = JSON.parse(JSON.stringify(good));
      await writeFile(join(dir, 'lesson.json'), JSON.stringify(copy));
      await assert.rejects(loadLesson(dir), /step "devices": cannot read 01-devices\.md/);
    });
    it('invalid JSON', async () => {
      await writeFile(join(dir, 'lesson.json'), '{ "id": ');
      await assert.rejects(loadLesson(dir), LessonError);
    });
  });

  it('fills schema defaults so a minimal lesson needs no code', () => {
    const parsed = lessonSchema.parse({ id: 'mini', title: 'Mini', steps: [{ id: 'one', title: 'One', markdown: 'one.md' }] });
    assert.deepEqual(parsed.steps[0], { id: 'one', title: 'One', markdown: 'one.md', needs: [], commands: [], showInTree: [], checks: [] });
  });
});
