// "Show topology": from a tree node (host, namespace, Neutron port, router, network,
// OVS bridge), the view's title bar (the selected host), or a lesson step ({ alias, focus }).
import { PictureTargetSchema } from '../../core/messages/picture';
import { pictureTargetOf } from '../../core/picture/target';
import { COMMANDS } from '../../core/view/constants';
import type { Deps, Handlers } from './deps';
import { isNode, pickHost } from './pick';

export function pictureCommands(deps: Deps): Handlers {
  return {
    [COMMANDS.pictureShow]: async (arg) => {
      const direct = isNode(arg) ? undefined : PictureTargetSchema.safeParse(arg);
      let target = isNode(arg) ? pictureTargetOf(arg) : direct?.success ? direct.data : undefined;
      if (!target) {
        const alias = deps.services.selectedHost() ?? (await pickHost(deps.sessions));
        if (!alias) return;
        target = { alias, focus: { kind: 'host' }, view: 'physical' };
      }
      deps.log.info(`[${target.alias}] show topology: ${JSON.stringify(target.focus)}`);
      await deps.picture.show(target);
    },
  };
}
