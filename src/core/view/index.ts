// The pure tree view model: nodes, children, items, parents. No vscode here.
export * from './nodes';
export { ids } from './ids';
export { children, errorNode, roots, hostNode } from './children';
export { item } from './item';
export { parent } from './parent';
export { locate, peerOf, bridgeOf, type RevealTarget } from './reveal';
export { CONTEXT, DEVICE_CONTEXT, HOST_CONTEXT, NAMESPACE_CONTEXT, NEUTRON_PORT_CONTEXT, FLAG } from './context-values';
export { escapeMarkdown } from './markdown';
export { iptablesTargetOf, type IptablesTarget } from './inspector-target';
export { deviceMentions, type Mention } from './mentions';
export { ACROSS_HOSTS_FLAG, DEPLOYMENT_CONTEXT, OTHER_END_FLAG, deploymentFlags, deploymentIds, deploymentOfHost, otherEnd, withDeployments, type DeploymentNode, type DeploymentState } from './deployment';
