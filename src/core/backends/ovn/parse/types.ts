// Records of the OVN text parsers (the shapes of `devstack-net parse ovn-*`). Absent = null.

export interface NbShowPort {
  readonly name: string;
  readonly aka: string | null;
  readonly type: string | null;
  readonly addresses: readonly string[];
  readonly routerPort: string | null;
  readonly tag: number | null;
}

export interface NbShowSwitch {
  readonly uuid: string;
  readonly name: string;
  readonly aka: string | null;
  readonly ports: readonly NbShowPort[];
}

export interface NbShowRouterPort {
  readonly name: string;
  readonly mac: string | null;
  readonly networks: readonly string[];
  readonly gatewayChassis: readonly string[];
}

export interface NbShowNat {
  readonly uuid: string;
  readonly type: string | null;
  readonly externalIp: string | null;
  readonly logicalIp: string | null;
}

export interface NbShowRouter {
  readonly uuid: string;
  readonly name: string;
  readonly aka: string | null;
  readonly ports: readonly NbShowRouterPort[];
  readonly nat: readonly NbShowNat[];
}

export interface NbShow {
  readonly switches: readonly NbShowSwitch[];
  readonly routers: readonly NbShowRouter[];
}

export interface SbShowChassis {
  readonly name: string;
  readonly hostname: string | null;
  readonly encaps: readonly { readonly type: string; readonly ip: string | null }[];
  readonly portBindings: readonly string[];
}

export interface SbShow {
  readonly chassis: readonly SbShowChassis[];
}

export type AclDirection = 'from-lport' | 'to-lport';

export interface AclText {
  readonly direction: AclDirection;
  readonly priority: number;
  readonly match: string;
  readonly action: string;
  readonly name: string | null;
  readonly externalIds: Readonly<Record<string, string>>;
}

export interface NatText {
  readonly type: string;
  readonly externalIp: string | null;
  readonly logicalIp: string | null;
  readonly externalMac: string | null;
  readonly logicalPort: string | null;
  /** As printed: lr-nat-list cuts it to 18 characters, `list NAT` shows a row uuid. */
  readonly gatewayPort: string | null;
}

export interface TraceStage {
  readonly pipeline: 'ingress' | 'egress';
  readonly datapath: string;
  readonly table: number;
  readonly stage: string;
  readonly priority: number;
  readonly match: string;
  readonly actions: readonly string[];
  /** The logical flow's uuid prefix (8 hex), when printed. */
  readonly uuid: string | null;
  /** The stanza header the stage is under (`ct_next(ct_state=new|trk)`, `ingress(…)`). */
  readonly under: string;
}

export interface Trace {
  readonly format: 'detailed' | 'minimal';
  /** The `# <microflow>` first line, without `# `. */
  readonly microflow: string | null;
  readonly stages: readonly TraceStage[];
  /** The body of a `--minimal` trace, as printed. */
  readonly minimal: readonly string[];
}
