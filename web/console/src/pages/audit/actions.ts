/**
 * The audit actions and subject types the server writes today (grep of src/ for
 * audit calls). They get labels in both languages; unknown codes are shown as is.
 */
export const KNOWN_ACTIONS = [
  'demo.load',
  'audit.verify',
  'identity.center.create',
  'identity.department.create',
  'identity.department.update',
  'identity.department.delete',
  'identity.login',
  'identity.login.failed',
  'identity.logout',
  'identity.password.change',
  'identity.resident_account.create',
  'identity.resident_account.update',
  'identity.role.create',
  'identity.role.update',
  'identity.role.delete',
  'identity.user.create',
  'identity.user.update',
  'identity.user.disable',
  'identity.user.locked',
  'identity.user.unlock',
  'identity.user.password_reset',
  'system.job.retry',
  'newsroom.column.create',
  'newsroom.column.update',
  'newsroom.manuscript.create',
  'newsroom.manuscript.save',
  'newsroom.manuscript.restore',
  'newsroom.manuscript.lock_takeover',
  'newsroom.review.submit',
  'newsroom.review.approve',
  'newsroom.review.sign_off',
  'newsroom.review.return',
  'newsroom.review.reject',
] as const;

export const KNOWN_SUBJECT_TYPES = ['user', 'role', 'department', 'resident_account', 'center', 'area', 'session', 'audit', 'job', 'manuscript', 'column'] as const;
