/**
 * Row types of every table, as Kysely sees them. Conventions, the same on SQLite and
 * PostgreSQL: ids are text (UUID), times are ISO-8601 UTC text (sortable), flags are
 * integers 0/1, structured values are JSON text. Every table holding a center's data
 * has `center_id`.
 */
import type { Generated } from 'kysely';

export interface CentersTable {
  id: string;
  code: string;
  name: string;
  area_code: string | null;
  created_at: string;
}

export interface DepartmentsTable {
  id: string;
  center_id: string;
  code: string;
  name: string;
  sort: number;
  created_at: string;
}

export interface AreasTable {
  center_id: string;
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

export interface ResidentAccountsTable {
  id: string;
  center_id: string;
  kind: string; // town | department
  name: string;
  area_code: string | null;
  status: string; // active | suspended
  created_at: string;
}

export interface UsersTable {
  id: string;
  center_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  department_id: string | null;
  resident_account_id: string | null;
  status: string; // active | disabled
  failed_logins: number;
  locked_until: string | null;
  password_changed_at: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolesTable {
  id: string;
  center_id: string;
  code: string;
  name: string;
  description: string;
  permissions: string; // JSON array of permission keys
  builtin: number;
  created_at: string;
}

export interface UserRolesTable {
  center_id: string;
  user_id: string;
  role_id: string;
}

export interface SessionsTable {
  id: string; // SM3 hash of the token; the token itself is never stored
  center_id: string;
  user_id: string;
  kind: string; // cookie | bearer
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: string;
  center_id: string;
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  before_id: string | null;
  after_id: string | null;
  ip: string | null;
  detail: string; // JSON
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  center_id: string;
  seq: number;
  hash: string;
}

export interface OutboxTable {
  id: string;
  center_id: string | null;
  type: string;
  payload: string; // JSON
  created_at: string;
  dispatched_at: string | null;
}

export interface JobsTable {
  id: string;
  center_id: string | null;
  name: string;
  payload: string; // JSON
  status: string; // queued | running | done | dead
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobEffectsTable {
  key: string;
  job_id: string | null;
  created_at: string;
}

export interface ColumnsTable {
  id: string;
  center_id: string;
  code: string;
  name: string;
  review_levels: number;
  sort: number;
  created_at: string;
}

export interface StoryPlansTable {
  id: string;
  center_id: string;
  title: string;
  angle: string;
  channels: string; // JSON array
  deadline: string | null;
  status: string;
  proposer_id: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanAssignmentsTable {
  id: string;
  center_id: string;
  plan_id: string;
  user_id: string;
  task: string;
  created_at: string;
}

export interface ManuscriptsTable {
  id: string;
  center_id: string;
  plan_id: string | null;
  column_id: string | null;
  resident_account_id: string | null;
  kind: string;
  title: string;
  status: string;
  review_level: number | null;
  review_levels: number;
  version: number;
  author_id: string;
  locked_by: string | null;
  locked_until: string | null;
  signed_off_by: string | null;
  signed_off_at: string | null;
  signed_off_version: number | null;
  created_at: string;
  updated_at: string;
  review_reminded_at: string | null;
  retraction_requested_by: string | null;
  retraction_reason: string | null;
  retraction_requested_at: string | null;
}

export interface NotificationsTable {
  id: string;
  center_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read_at: string | null;
  created_at: string;
}

export interface ManuscriptCorrectionsTable {
  id: string;
  center_id: string;
  manuscript_id: string;
  version: number;
  note: string;
  created_by: string;
  created_at: string;
}

export interface ManuscriptVersionsTable {
  id: string;
  center_id: string;
  manuscript_id: string;
  version: number;
  content: string; // JSON
  created_by: string;
  note: string | null;
  created_at: string;
}

export interface ReviewActionsTable {
  id: string;
  center_id: string;
  manuscript_id: string;
  version: number;
  level: number | null;
  action: string;
  actor_id: string;
  actor_name: string;
  reason: string | null;
  created_at: string;
}

export interface SafetyRuleVersionsTable {
  id: string;
  center_id: string;
  version: number;
  document: string; // JSON
  word_count: number;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface SafetyChecksTable {
  id: string;
  center_id: string;
  manuscript_id: string;
  version: number;
  rules_version: number;
  stage: string;
  findings: string; // JSON
  blocking: number;
  reviewing: number;
  created_at: string;
}

// Emergency broadcast messages (migration 0008)
export interface EbPlatformKeysTable {
  id: string;
  center_id: string;
  cert_serial: string;
  public_key: string;
  key_ref: string;
  active: number;
  created_at: string;
  retired_at: string | null;
}

export interface EbTrustedCertsTable {
  id: string;
  center_id: string;
  cert_serial: string;
  public_key: string;
  subject: string;
  valid_from: string;
  valid_to: string;
  revoked_at: string | null;
  created_at: string;
}

export interface EbCountersTable {
  center_id: string;
  name: string;
  value: number;
}

export interface EbTemplatesTable {
  id: string;
  center_id: string;
  name: string;
  event_type: string;
  severity: number;
  title: string;
  text: string;
  created_at: string;
}

export interface EbBroadcastsTable {
  id: string;
  center_id: string;
  ebmid: string | null;
  msg_type: number;
  event_type: string;
  severity: number;
  title: string;
  text: string;
  area_codes: string;
  start_at: string;
  end_at: string;
  audio: string | null;
  status: string;
  author_id: string;
  approver_id: string | null;
  approved_at: string | null;
  decision_note: string | null;
  related_ebmid: string | null;
  ebdid: string | null;
  ebd_xml: string | null;
  signature_xml: string | null;
  cancel_ebmid: string | null;
  cancel_ebd_xml: string | null;
  cancel_signature_xml: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

// Emergency broadcast registry (migration 0007)
export interface EbResourcesTable {
  id: string;
  center_id: string;
  /** 23-digit logical resource code (GD/J 080), unique per center, assignable. */
  ebrid: string;
  /** Fixed hardware id (serial, IMEI, MAC…), unique per center; survives re-coding. */
  physical_id: string;
  kind: string; // ResourceKind
  name: string;
  /** 12-digit area code; exists in the center's `areas` and equals the EBRID's area part. */
  area_code: string;
  /** Terminal under adapter/front-end, loudspeaker under terminal, front-end under platform. */
  parent_id: string | null;
  protocol: string | null; // Protocol
  /** `host:port` for ip, the MQTT client id for mqtt. */
  address: string | null;
  longitude: number | null;
  latitude: number | null;
  status: string; // ResourceStatus
  /** When the current status began: changes only when the status does. */
  status_since: string;
  /** Newest report heard from the resource (heartbeat or state), or null: never heard. */
  last_seen_at: string | null;
  /** Certificate serial (hex, 48 bits) of a terminal's SM2 certificate, when authorised (0x17). */
  cert_serial: string | null;
  /** The terminal's SM2 public key (hex, uncompressed point), when known. */
  cert_public_key: string | null;
  created_at: string;
  updated_at: string;
}

// Media library (migration 0004)
export interface MediaFilesTable {
  id: string;
  center_id: string;
  /** image | audio | video | document */
  kind: string;
  /** What the content is (sniffed), e.g. `png`, `mp3`, `mp4`, `docx`, `text`. */
  format: string;
  /** The Content-Type it is served with. */
  mime: string;
  /** The uploader's file name (base name, control characters removed). */
  name: string;
  size: number;
  /** SM3 of the bytes, lower-case hex: the blob's identity. */
  sm3: string;
  storage_key: string;
  thumb_key: string | null;
  display_key: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  /** JSON: codecs, sample rate, channels, bit rate, … (what ffprobe or sharp found). */
  details: string;
  uploaded_by: string;
  resident_account_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MediaTagsTable {
  center_id: string;
  media_id: string;
  tag: string;
}

// Staff search (migration 0005; the SQLite FTS5 table is reached with raw SQL only)
export interface ManuscriptSearchTable {
  /** SQLite: the rowid shared with manuscript_search_fts. PostgreSQL: a bigint identity (returned as a string; nothing reads it there). */
  doc_id: Generated<number | string>;
  center_id: string;
  manuscript_id: string;
  /** Plain text of the title, as indexed. */
  title: string;
  /** Plain text of the summary and the body (no HTML), as indexed: snippets are cut from it. */
  body: string;
  /** The manuscript's status when indexed (searches filter on manuscripts.status, which is always current). */
  status: string;
  updated_at: string;
  indexed_at: string;
}

// Emergency broadcast dispatch (migration 0010)
export interface EbDeliveriesTable {
  id: string;
  center_id: string;
  broadcast_id: string;
  /** eb_resources.id of the terminal. */
  terminal_id: string;
  /** The terminal's EBRID when the delivery was made (acks name it). */
  ebrid: string;
  area_code: string;
  state: string; // DeliveryState
  /** Times the command was published towards this terminal. */
  attempts: number;
  sent_at: string | null;
  /** Newest acknowledgement of any kind. */
  acked_at: string | null;
  playing_at: string | null;
  stopped_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewsroomSettingsTable {
  center_id: string;
  default_review_levels: number;
  updated_at: string;
}

/** Emergency-broadcast audio (MP3), content-addressed by SM3 under DATA_DIR/eb-audio. */
export interface EbAudioTable {
  id: string;
  center_id: string;
  source: string;
  sm3: string;
  size: number;
  duration_ms: number;
  file_name: string;
  tts_text: string | null;
  created_by: string;
  created_at: string;
}

// Emergency broadcast rights by level (migration 0013, src/modules/emergency/grants)
/** A user bound to the town or village they work for; no row = county level. */
export interface EbOperatorScopesTable {
  center_id: string;
  user_id: string;
  /** 12-digit code of a town or village of the center. */
  area_code: string;
  set_by: string;
  set_at: string;
}

/** A right the county grants an area (and everything inside it) to broadcast. */
export interface EbBroadcastGrantsTable {
  id: string;
  center_id: string;
  area_code: string;
  may_real: number;
  may_drill: number;
  /** The most severe level allowed: 1 = I (all levels) … 4 = IV only. */
  max_severity: number;
  valid_from: string;
  valid_to: string | null;
  granted_by: string;
  granted_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  note: string | null;
}

// Incoming EBD packages (migration 0012; see src/modules/emergency/inbound)
export interface EbInboundMessagesTable {
  id: string;
  center_id: string;
  /** new | adopted | dismissed | refused */
  state: string;
  /** The receipt's ResultCode (1 accepted; 2–5 refused). */
  result_code: number;
  reason: string | null;
  reason_text: string | null;
  sender_ebrid: string | null;
  ebdid: string | null;
  cert_serial: string | null;
  ebmid: string | null;
  msg_type: number | null;
  severity: number | null;
  event_type: string | null;
  sender_name: string | null;
  title: string | null;
  text: string | null;
  /** JSON array of 12-digit area codes. */
  area_codes: string | null;
  send_time: string | null;
  start_at: string | null;
  end_at: string | null;
  audio_url: string | null;
  ebd_xml: string | null;
  signature_xml: string | null;
  remote_ip: string | null;
  received_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  broadcast_id: string | null;
  /** Accepted rows: the sender's epoch they were accepted in (EBDIDs are unique per epoch); refusals 0. */
  sender_epoch: number;
}

export interface EbInboundSendersTable {
  center_id: string;
  sender_ebrid: string;
  /** 16 digits, zero-padded. */
  highest_seq: string;
  last_ebdid: string;
  updated_at: string;
  /** Raised by each operator reset: EBDIDs accepted in an earlier epoch no longer count as seen. */
  sender_epoch: Generated<number>;
}

export interface MigrationProbe {
  n: Generated<number>;
}

export interface DB {
  centers: CentersTable;
  departments: DepartmentsTable;
  areas: AreasTable;
  resident_accounts: ResidentAccountsTable;
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  outbox: OutboxTable;
  jobs: JobsTable;
  job_effects: JobEffectsTable;
  columns: ColumnsTable;
  story_plans: StoryPlansTable;
  plan_assignments: PlanAssignmentsTable;
  manuscripts: ManuscriptsTable;
  manuscript_versions: ManuscriptVersionsTable;
  review_actions: ReviewActionsTable;
  notifications: NotificationsTable;
  manuscript_corrections: ManuscriptCorrectionsTable;
  safety_rule_versions: SafetyRuleVersionsTable;
  safety_checks: SafetyChecksTable;
  eb_platform_keys: EbPlatformKeysTable;
  eb_trusted_certs: EbTrustedCertsTable;
  eb_counters: EbCountersTable;
  eb_templates: EbTemplatesTable;
  eb_broadcasts: EbBroadcastsTable;
  eb_resources: EbResourcesTable;
  media_files: MediaFilesTable;
  media_tags: MediaTagsTable;
  manuscript_search: ManuscriptSearchTable;
  eb_deliveries: EbDeliveriesTable;
  newsroom_settings: NewsroomSettingsTable;
  eb_operator_scopes: EbOperatorScopesTable;
  eb_broadcast_grants: EbBroadcastGrantsTable;
  eb_audio: EbAudioTable;
  eb_inbound_messages: EbInboundMessagesTable;
  eb_inbound_senders: EbInboundSendersTable;
}
