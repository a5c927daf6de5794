// Shapes shared by the mini program and the cloud functions.
export type Role = 'owner' | 'manager' | 'clerk';
export const ROLES: readonly Role[] = ['owner', 'manager', 'clerk'];
export const ROLE_LABELS: Record<Role, string> = { owner: '店主', manager: '店长', clerk: '店员' };
