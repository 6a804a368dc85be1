// Ids shared by package.json and the code.
export const VIEW_ID = 'devstackNet.views.topology';
export const QUERY_SCHEME = 'devstacknet-query';
export const LOG_NAME = 'DevStack Network';

export const COMMANDS = {
  hostAdd: 'devstackNet.host.add',
  hostEdit: 'devstackNet.host.edit',
  hostRemove: 'devstackNet.host.remove',
  refresh: 'devstackNet.refresh',
  hostRefresh: 'devstackNet.host.refresh',
  retry: 'devstackNet.retry',
  showLog: 'devstackNet.showLog',
  iptablesList: 'devstackNet.iptables.list',
  lessonOpen: 'devstackNet.lesson.open',
  terminalOpen: 'devstackNet.terminal.open',
  copyName: 'devstackNet.copy.name',
  copyUuid: 'devstackNet.copy.uuid',
  copyCommand: 'devstackNet.copy.command',
  revealPeer: 'devstackNet.reveal.peer',
  revealBridge: 'devstackNet.reveal.bridge',
  revealInTree: 'devstackNet.revealInTree',
  bridgeListPorts: 'devstackNet.bridge.listPorts',
  bridgeDumpFlows: 'devstackNet.bridge.dumpFlows',
  bridgeLink: 'devstackNet.bridge.bridgeLink',
  tracePacket: 'devstackNet.trace.packet',
} as const;

/** The ready-made queries on a host or namespace (handlers in commands/queries.ts). */
export const QUERY_COMMANDS = {
  ipAddr: 'devstackNet.query.ipAddr',
  ipRoute: 'devstackNet.query.ipRoute',
  ipRule: 'devstackNet.query.ipRule',
  ipNeigh: 'devstackNet.query.ipNeigh',
  sockets: 'devstackNet.query.sockets',
  iptablesSave: 'devstackNet.query.iptablesSave',
  iptablesNat: 'devstackNet.query.iptablesNat',
  ping: 'devstackNet.query.ping',
  custom: 'devstackNet.query.custom',
} as const;
