/** Shapes of the Rongmei HTTP API as the console uses them (see the API contract). */

export interface Center {
  id: string;
  code: string;
  name: string;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
}

export type ResidentKind = 'town' | 'department';

export interface ResidentAccountRef {
  id: string;
  name: string;
  kind: ResidentKind;
}

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: string;
  username: string;
  displayName: string;
  status: UserStatus;
  lockedUntil: string | null;
  department: DepartmentRef | null;
  residentAccount: ResidentAccountRef | null;
  /** Role codes. */
  roles: string[];
  lastLoginAt: string | null;
  createdAt: string;
}

/** A role's name in both languages (custom roles: `nameEn` is the same as `name`). */
export interface RoleLabel {
  code: string;
  name: string;
  nameEn: string;
}

/** What login and GET /api/auth/me return. */
export interface Session {
  user: User;
  center: Center;
  permissions: string[];
  /** Names of the user's own roles, readable without the right to list roles. */
  roleLabels: RoleLabel[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Items<T> {
  items: T[];
}

export interface Role {
  id: string;
  code: string;
  name: string;
  /** English name; for custom roles the same as `name`. */
  nameEn: string;
  description: string | null;
  permissions: string[];
  builtin: boolean;
  userCount: number;
}

export interface Permission {
  key: string;
  module: string;
  zh: string;
  en: string;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  sort: number;
  userCount: number;
}

export interface ResidentAccount {
  id: string;
  kind: ResidentKind;
  name: string;
  areaCode: string | null;
  status: 'active' | 'suspended';
  userCount: number;
  createdAt: string;
}

export type AreaLevel = 'county' | 'town' | 'village';

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  childCount: number;
}

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  beforeId: string | null;
  afterId: string | null;
  ip: string | null;
  detail: unknown;
  hash: string;
  prevHash: string | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  problems: { seq: number; problem: string }[];
}

export interface Overview {
  users: number;
  departments: number;
  residentAccounts: number;
  areas: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

/** A background job (platform-wide or the center's). */
export interface Job {
  id: string;
  name: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A database backup file in the data directory. */
export interface Backup {
  name: string;
  engine: string;
  bytes: number;
  createdAt: string;
  /** It has a manifest (checksums) written by the backup. */
  verified: boolean;
}
