/** The five roles and what each may do. Pure data: the policy (policy.ts) maps routes to these permissions. */
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';

export const ROLES = ['admin', 'planner', 'commander', 'viewer', 'team'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (s: unknown): s is Role => typeof s === 'string' && (ROLES as readonly string[]).includes(s);

/**
 * A permission names one kind of action. `edit:<layer>` covers create, replace, patch, delete;
 * `history:<layer>` covers reading a feature's history and restoring a version; `import:<layer>`
 * loading files into the layer. `admin` is user management and the audit log. `report` is sending
 * election-day reports (status, turnout, situations) for a polling station; a `team` account holds
 * it only for the stations in its scope (`{stations: [ids]}`), which the report route checks.
 */
export type Permission = 'public' | 'read' | 'print' | 'export' | 'admin' | 'report' | `edit:${string}` | `import:${string}` | `history:${string}`;

/** Layers a planner edits; incidents are the commander's; wards (boundaries) only an admin changes. */
export const PLANNER_LAYERS: readonly LayerId[] = ['checkpoints', 'quarantine-zones', 'polling-stations', 'facilities'];
export const COMMANDER_LAYERS: readonly LayerId[] = ['incidents'];

const forLayers = (layers: readonly LayerId[], kinds: Array<'edit' | 'import' | 'history'>): Permission[] => layers.flatMap((l) => kinds.map((k) => `${k}:${l}` as Permission));

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['read', 'print', 'export', 'admin', ...forLayers(LAYER_IDS, ['edit', 'import', 'history'])]),
  planner: new Set<Permission>(['read', 'print', 'export', ...forLayers(PLANNER_LAYERS, ['edit', 'import', 'history'])]),
  commander: new Set<Permission>(['read', 'print', 'export', 'report', ...forLayers(COMMANDER_LAYERS, ['edit', 'history'])]),
  viewer: new Set<Permission>(['read', 'print']),
  // A polling station's election-day team: reads what a viewer reads, reports for its own stations.
  team: new Set<Permission>(['read', 'print', 'report']),
};

/** An admin may do everything, including what a new route names before the table above lists it. */
export function can(role: Role, permission: Permission): boolean {
  return permission === 'public' || role === 'admin' || ROLE_PERMISSIONS[role].has(permission);
}
