// Scenario 5: "ip route" in the qrouter namespace opens a document with the default route.
import { workbench } from '../support/browser';
import { firstRouter, lab, labAlias } from '../support/lab';
import { showsText } from '../support/until';
import { activeEditor, clearWorkbench, contextMenu, escapeRegExp, openDevStackView, openPath } from '../support/workbench';

describe('5. run a query in a namespace', () => {
  it('"ip route" on the qrouter opens a document with the default route via the qg- gateway', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { router } = firstRouter(lab());
    await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, router.namespace), /^ip route/);
    const route = `default via ${router.defaultGateway} dev ${router.qg.name}`;
    await showsText(activeEditor(page), new RegExp(escapeRegExp(route).replace(/ /g, '\\s+')));
  });
});
