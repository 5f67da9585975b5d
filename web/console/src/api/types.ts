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
  /** Files of the media library, in order (at most 50); `name` is the file's name when added. */
  attachments: { mediaId: string; name: string }[];
  /** H5 and live items: the page or stream address ('' or http(s)). */
  linkUrl: string;
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

/** A story plan's (选题) publishing channels. */
export type PlanChannel = 'app' | 'web' | 'wechat' | 'weibo' | 'douyin' | 'kuaishou' | 'tv' | 'radio' | 'partner';
export type PlanStatus = 'proposed' | 'approved' | 'rejected' | 'done' | 'cancelled';
export type PlanTask = 'reporter' | 'photographer' | 'video_editor' | 'editor';
export type PlanDecision = 'approve' | 'reject' | 'done' | 'cancel';

/** A story plan (选题): proposed, decided, assigned; manuscripts may name it. */
export interface Plan {
  id: string;
  title: string;
  angle: string;
  channels: string[];
  deadline: string | null;
  status: PlanStatus;
  proposer: { id: string; name: string };
  /** The last decision; `by` is the decider's name. */
  decision: { by: string; at: string; note: string | null } | null;
  assignments: { userId: string; name: string; task: PlanTask }[];
  manuscriptCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface PlanBoard {
  columns: { status: PlanStatus; total: number; items: Plan[] }[];
}

// ---------------------------------------------------------------- content safety (内容安全)

export type SafetyLevel = 'block' | 'review';
export type SafetyField = 'title' | 'subtitle' | 'summary' | 'body';
export type SafetyRule = 'sensitive_word' | 'typo' | 'banned_link' | 'leader_order' | 'leader_title';

/** One finding; `start`/`end` are UTF-16 offsets into that field's (plain) text. */
export interface SafetyFinding {
  field: SafetyField;
  rule: SafetyRule;
  start: number;
  end: number;
  level: SafetyLevel;
  word: string;
  category: string | null;
  suggestion?: string;
}

export interface SafetyCheck {
  rulesVersion: number;
  findings: SafetyFinding[];
  blocking: number;
  reviewing: number;
}

export interface SafetyWord {
  word: string;
  level: SafetyLevel;
  category?: string;
  note?: string;
}

export interface SafetyRulesDocument {
  words: SafetyWord[];
  typos: { wrong: string; right: string }[];
  leaders: { name: string; title: string; rank: number }[];
  bannedHosts: string[];
}

/** A version of the center's safety rules (version 0: none saved yet). */
export interface SafetyRules {
  version: number;
  document: SafetyRulesDocument;
  note: string | null;
  createdAt: string | null;
}

export interface SafetyRulesVersion {
  version: number;
  wordCount: number;
  note: string | null;
  createdAt: string;
  createdByName: string;
}

// ---------------------------------------------------------------- notifications

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** A console path, e.g. /newsroom/plans/<id>. */
  link: string | null;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number;
}

// ---------------------------------------------------------------- emergency broadcast (应急广播)

export type EbStatus = 'draft' | 'pending' | 'approved' | 'rejected' | 'cancelled' | 'completed';
/** 1 real; 3 platform drill, 4 front-end drill, 5 terminal drill (2, a cancel, is made by the platform). */
export type EbMsgType = 1 | 3 | 4 | 5;

/** An emergency broadcast (EBM) as the API gives it. */
export interface Broadcast {
  id: string;
  /** Given when approved (35 digits). */
  ebmid: string | null;
  msgType: EbMsgType;
  drill: boolean;
  /** GB/T 35561 five-digit code. */
  eventType: string;
  /** 1 red / I … 4 blue / IV; 0 unknown. */
  severity: 0 | 1 | 2 | 3 | 4;
  title: string;
  text: string;
  /** 12-digit area codes. */
  areaCodes: string[];
  startAt: string;
  endAt: string;
  /**
   * A file made in the console carries audioId, sm3 and size; a hand-typed stream only its URL.
   * `url` is what terminals receive: with `delivery` (absent: the file) it is the MP3's HTTP
   * stream or the rtp:// address, and `fileUrl` the MP3 itself.
   */
  audio: { kind: 'stream' | 'file'; url: string; audioId?: string; sm3?: string; size?: number; delivery?: Exclude<EbAudioDelivery, 'file'>; fileUrl?: string } | null;
  status: EbStatus;
  author: { id: string; name: string };
  approver: { id: string; name: string; at: string } | null;
  decisionNote: string | null;
  /** The cancel prepared and signed at approval. */
  cancelEbmid: string | null;
  cancelledAt: string | null;
  signed: boolean;
  createdAt: string;
  updatedAt: string;
  /** 更正: the EBMID this broadcast corrects (RelatedInfo); its id when it is of this center. */
  relatedEbmid: string | null;
  correctionOf: { id: string | null; ebmid: string } | null;
  /** The newest sent correction of this broadcast. */
  correctedBy: { id: string; ebmid: string } | null;
}

/** A platform signing certificate (public part). */
export interface EbKey {
  certSerial: string;
  publicKey: string;
  active: boolean;
  createdAt: string;
  retiredAt: string | null;
}

// ——— 媒体库 (GET /api/media…) ———
export type MediaKind = 'image' | 'audio' | 'video' | 'document';

export interface MediaItem {
  id: string;
  kind: MediaKind;
  format: string;
  mime: string;
  name: string;
  size: number;
  sm3: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  codecs: { video: string | null; audio: string | null };
  tags: string[];
  hasThumb: boolean;
  uploadedBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  urls: { file: string; thumb: string | null; display: string | null };
}

export interface MediaDetail extends MediaItem {
  /** What sharp or ffprobe measured. */
  details: Record<string, unknown>;
}

export interface MediaUsage {
  items: { manuscriptId: string; title: string; status: string; places: ('cover' | 'body' | 'attachment')[]; blocking: boolean; versions: number[] }[];
  /** Manuscripts the caller may not see (counted, not named). */
  hidden: number;
}

export interface MediaTagCount {
  tag: string;
  count: number;
}

// ——— 稿件检索 (GET /api/search/manuscripts) ———
/** [start, end) in UTF-16 code units. */
export type HighlightRange = [number, number];

export interface ManuscriptHit {
  id: string;
  title: string;
  titleHighlights: HighlightRange[];
  status: string;
  updatedAt: string;
  score: number;
  snippet: { text: string; highlights: HighlightRange[] };
}

// ——— 终端资源 (GET /api/eb/…) ———
export type EbResourceKind = 'platform' | 'frontend' | 'adapter' | 'terminal' | 'loudspeaker';
export type EbResourceStatus = 'online' | 'playing' | 'fault' | 'offline';

export interface EbStatusCounts {
  total: number;
  online: number;
  playing: number;
  fault: number;
  offline: number;
}

export interface EbAreaNode {
  code: string;
  name: string;
  level: string;
  childCount: number;
  terminals: EbStatusCounts;
  loudspeakers: number;
}

export interface EbAreaTree {
  parent: EbAreaNode | null;
  items: EbAreaNode[];
}

export interface EbResource {
  id: string;
  ebrid: string;
  physicalId: string;
  kind: EbResourceKind;
  name: string;
  areaCode: string;
  areaName: string | null;
  parentId: string | null;
  parentEbrid: string | null;
  protocol: 'ip' | 'mqtt' | null;
  address: string | null;
  longitude: number | null;
  latitude: number | null;
  status: EbResourceStatus;
  statusSince: string;
  lastSeenAt: string | null;
  certSerial: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EbSummary {
  total: number;
  byStatus: EbStatusCounts;
  byKind: Record<EbResourceKind, EbStatusCounts>;
}

export interface EbImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface EbImportProblem {
  row: number;
  field: string;
  message: string;
}

/** A broadcast right the county granted a town or village (GD/J 088). */
export type EbGrantStatus = 'active' | 'pending' | 'expired' | 'revoked';

export interface EbGrant {
  id: string;
  areaCode: string;
  areaName: string;
  mayReal: boolean;
  mayDrill: boolean;
  /** The most severe level allowed: 1 = I (all levels) … 4 = IV only. */
  maxSeverity: number;
  validFrom: string;
  validTo: string | null;
  status: EbGrantStatus;
  grantedBy: { id: string; name: string };
  grantedAt: string;
  revokedBy: { id: string; name: string } | null;
  revokedAt: string | null;
  revokeReason: string | null;
  note: string | null;
}

export interface EbScope {
  areaCode: string;
  areaName: string;
}

/** A user holding broadcast rights, with the town or village they are bound to (null: county level). */
export interface EbOperator {
  id: string;
  username: string;
  displayName: string;
  status: string;
  roles: RoleLabel[];
  scope: EbScope | null;
}

/** GET /api/eb/me/scope: what the current user may broadcast to. */
export interface EbMyScope {
  countyLevel: boolean;
  scope: EbScope | null;
  grants: EbGrant[];
  areas: { areaCode: string; areaName: string; grantId: string; mayReal: boolean; mayDrill: boolean; maxSeverity: number }[];
}

/** How terminals receive a broadcast's MP3: the file, this server's HTTP stream of it, or RTP sent by this server. */
export type EbAudioDelivery = 'file' | 'http-stream' | 'rtp';

/** A broadcast's MP3 (POST /api/eb/audio/tts, POST /api/eb/audio). */
export interface EbAudio {
  id: string;
  source: 'tts' | 'upload' | 'record';
  /** SM3 of the MP3: the signed EBM carries it, terminals check it. */
  sm3: string;
  size: number;
  durationMs: number;
  fileName: string;
  /** The words spoken (TTS), drill slate included. */
  text: string | null;
  /** For terminals (PUBLIC_URL). */
  url: string;
  /** The same, on this server (for the console's player). */
  path: string;
  streamUrl: string;
  createdBy: string;
  createdAt: string;
}

// ——— 收到的预警 / trusted certificates (GET /api/eb/inbound…, /api/eb/certs) ———
export type EbInboundState = 'new' | 'adopted' | 'dismissed' | 'refused';

export interface EbInbound {
  id: string;
  state: EbInboundState;
  /** The receipt's ResultCode: 1 accepted, 2–5 refused. */
  resultCode: number;
  reason: string | null;
  reasonText: string | null;
  sender: string | null;
  senderName: string | null;
  ebdid: string | null;
  ebmid: string | null;
  certSerial: string | null;
  msgType: number | null;
  severity: number | null;
  eventType: string | null;
  title: string | null;
  areaCodes: string[];
  sendTime: string | null;
  startAt: string | null;
  endAt: string | null;
  receivedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  broadcastId: string | null;
}

export interface EbInboundDetail extends EbInbound {
  text: string | null;
  audioUrl: string | null;
  remoteIp: string | null;
  decidedBy: { id: string; name: string } | null;
  ebdXml: string | null;
  signatureXml: string | null;
}

export interface EbTrustedCert {
  certSerial: string;
  publicKey: string;
  subject: string;
  validFrom: string;
  validTo: string;
  revokedAt: string | null;
  createdAt: string;
  state: 'valid' | 'expired' | 'notYetValid' | 'revoked';
}
