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

// ---------------------------------------------------------------- newsroom (策采编审)

export type ManuscriptKind = 'article' | 'photo_set' | 'video' | 'audio' | 'live' | 'h5';
export type ManuscriptStatus = 'draft' | 'in_review' | 'returned' | 'rejected' | 'signed_off' | 'published' | 'unpublished' | 'retracted';
export type ReviewLevel = 1 | 2 | 3;

/** A manuscript (稿件) as lists and review answers give it. */
export interface Manuscript {
  id: string;
  kind: ManuscriptKind;
  title: string;
  status: ManuscriptStatus;
  /** The level waiting for a decision while in review, else null. */
  reviewLevel: ReviewLevel | null;
  /** How many levels this manuscript passes (its column's setting when created). */
  reviewLevels: number;
  version: number;
  columnId: string | null;
  planId: string | null;
  residentAccountId: string | null;
  author: { id: string; name: string };
  lock: { userId: string; name: string; until: string } | null;
  signedOff: { by: string; at: string; version: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ManuscriptContent {
  title: string;
  subtitle: string;
  summary: string;
  /** Cleaned on the server to an allow-list of tags; shown only inside the editor. */
  bodyHtml: string;
  authorByline: string;
  editorByline: string;
  tags: string[];
  coverMediaId: string | null;
  source: string;
  location: string;
}

export interface ManuscriptDetail extends Manuscript {
  content: ManuscriptContent;
}

export interface ManuscriptVersion {
  version: number;
  createdBy: string;
  createdByName: string;
  note: string | null;
  createdAt: string;
  title: string;
}

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

export interface ManuscriptDiff {
  from: number;
  to: number;
  fields: { field: string; ops: DiffOp[] }[];
}

export type TimelineAction = 'create' | 'save' | 'restore' | 'submit' | 'approve' | 'sign_off' | 'return' | 'reject';

export interface TimelineItem {
  at: string;
  kind: 'version' | 'review';
  action: TimelineAction;
  level: number | null;
  version: number;
  actorId: string;
  actorName: string;
  /** A return or reject reason; for versions, the save note. */
  reason: string | null;
}

export interface ReviewQueues {
  levels: { level: number; waiting: number; oldestSince: string | null }[];
  returnedToMe: number;
}

/** A column (栏目) and how many review levels its manuscripts pass. */
export interface NewsColumn {
  id: string;
  code: string;
  name: string;
  reviewLevels: number;
  sort: number;
}
