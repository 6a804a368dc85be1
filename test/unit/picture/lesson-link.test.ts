// "Show in picture" in the lesson: the step's link is filled from the host, shown as a
// button in the pane, and sends a message the extension accepts.
import { strict as assert } from 'node:assert';
import { prepareStep } from '../../../src/core/lesson/step';
import { buildLessonView } from '../../../src/core/lesson/view';
import { emptyProgress, lessonProgress } from '../../../src/core/lesson/progress';
import { LessonViewSchema, ToExtensionSchema } from '../../../src/core/messages/lesson';
import { picture } from '../../../src/core/picture';
import { planElements, planText } from '../../../webview/lib/plan';
import { renderPane } from '../../../webview/lesson/plan';
import { labTopology, lesson } from '../lesson/fixtures';

describe('lesson: Show in picture', () => {
  it("fills the security-groups step's link with the instance port and draws that port's path", async () => {
    const topology = await labTopology();
    const l = await lesson();
    const step = l.steps.find((s) => s.id === 'security-groups')!;
    const prepared = prepareStep(step, topology, { sudo: true });
    const instance = topology.ports.find((p) => p.kind === 'instance')!;
    assert.deepEqual(prepared.picture, { label: "your port's whole path", focus: { kind: 'port', id: instance.prefix } });
    const g = picture(topology, 'lab', { focus: prepared.picture!.focus });
    assert.equal(g.path!.at(-1)!.label, 'outside');
    assert.ok(ToExtensionSchema.safeParse({ type: 'showInPicture', stepId: step.id }).success);
  });

  it('shows the link as a button of the step, which sends showInPicture', async () => {
    const topology = await labTopology();
    const l = await lesson();
    const steps = l.steps.map((s) => prepareStep(s, topology, { sudo: true }));
    const view = buildLessonView(l, steps, lessonProgress(emptyProgress(), 'lab', l.id), { alias: 'lab', status: 'connected', error: null, takenAt: 1 });
    assert.ok(LessonViewSchema.safeParse(view).success);
    const plan = renderPane({ view, current: 'security-groups', runs: new Map(), results: new Map(), drafts: new Map() });
    const button = planElements(plan).find((e) => e.attrs['data-action'] === 'show-in-picture');
    assert.ok(button, 'a Show in picture button');
    assert.equal(button.attrs['data-step'], 'security-groups');
    assert.deepEqual(planText(button), ["Show in picture: your port's whole path"]);
  });
});
