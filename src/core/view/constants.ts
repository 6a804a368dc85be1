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
  ovnSecurityGroups: 'devstackNet.ovn.securityGroups',
  ovnNat: 'devstackNet.ovn.nat',
  ovnTrace: 'devstackNet.ovn.trace',
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
  ovsTracePacket: 'devstackNet.ovs.tracePacket',
  bridgeLink: 'devstackNet.bridge.bridgeLink',
  pictureShow: 'devstackNet.picture.show',
  hostAddLocal: 'devstackNet.host.addLocal',
  refreshCancel: 'devstackNet.refresh.cancel',
  statusActions: 'devstackNet.status.actions',
  tracePacket: 'devstackNet.trace.packet',
  revealOtherEnd: 'devstackNet.reveal.otherEnd',
  deploymentSave: 'devstackNet.deployment.save',
  nativeSecurityGroups: 'devstackNet.native.securityGroups',
  deploymentSavePicture: 'devstackNet.deployment.savePicture',
  deploymentShowPicture: 'devstackNet.deployment.showPicture',
  deploymentShowPath: 'devstackNet.deployment.showPath',
} as const;

/** Context keys the extension sets (package.json `when` clauses and walkthrough completion events). */
export const CONTEXT_KEYS = {
  /** This machine has Neutron pieces and no "This machine" host is configured yet. */
  localAvailable: 'devstackNet.localAvailable',
  /** At least one host is configured (walkthrough step 1). */
  hasHosts: 'devstackNet.hasHosts',
  /** Activated with no host: host commands leave the palette (unset before activation, so they still activate it). */
  noHosts: 'devstackNet.noHosts',
  /** A refresh is running (the view's Cancel button). */
  refreshing: 'devstackNet.refreshing',
  /** A Namespaces group was expanded (walkthrough step 2). */
  namespacesExpanded: 'devstackNet.namespacesExpanded',
  /** The contextValue of the tree's selected item: keybindings cannot see `viewItem` (microsoft/vscode#236413). */
  selectedItem: 'devstackNet.selectedItem',
} as const;

/** What package.json keybindings pass as the command's argument: "the tree's selected item". */
export const TREE_SELECTION_ARG = 'devstackNet:treeSelection';

/** Set by other helpers' features; used here by the walkthrough and the keybindings. */
export const PICTURE_SHOW_COMMAND = COMMANDS.pictureShow;

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

/** Saved snapshots: save, open offline, compare, record a change (handlers in src/vscode/snapshots). */
export const SNAPSHOT_COMMANDS = {
  save: 'devstackNet.snapshot.save',
  open: 'devstackNet.snapshot.open',
  compare: 'devstackNet.snapshot.compare',
  record: 'devstackNet.snapshot.record',
  close: 'devstackNet.snapshot.close',
} as const;

export const DIFF_SCHEME = 'devstacknet-diff';
