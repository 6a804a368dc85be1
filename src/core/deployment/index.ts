// Deployments: hosts grouped (settings) or suggested (tunnels that point at each other), tunnel ends
// resolved to hosts, networks that span hosts, and where a trace leaves through a tunnel. No vscode.
export * from './types';
export { parseDeployments } from './settings';
export { isTunnelType, localAddresses, localChassis, resolutionWords, resolveTunnels, tunnelPortOf, tunnelPorts } from './tunnels';
export { suggestDeployments } from './suggest';
export { hex, networksAcrossHosts, tunnelVlanFlows, TUNNEL_IN_TABLES, TUNNEL_OUT_TABLES, type HostFlows, type NetworkOnHost, type SpanningNetwork, type TunnelVlanFlow } from './network';
export { tunnelExit, type DeploymentContext, type ExitQuestion, type TunnelExit } from './tunnel-exit';
