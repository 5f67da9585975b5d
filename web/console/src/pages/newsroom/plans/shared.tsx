/**
 * Pieces the story-plan (选题) pages share: channel, status and task words, the status
 * tag, the deadline (red when past for a plan still open), which decisions a plan allows
 * now, and who may edit it (the server's rules, mirrored to show only what will work).
 */
import { Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { Plan, PlanChannel, PlanDecision, PlanStatus, PlanTask } from '../../../api/types';
import { useI18n, type I18n, type MessageKey } from '../../../i18n';

export const CHANNELS: PlanChannel[] = ['app', 'web', 'wechat', 'weibo', 'douyin', 'kuaishou', 'tv', 'radio', 'partner'];
export const PLAN_STATUSES: PlanStatus[] = ['proposed', 'approved', 'rejected', 'done', 'cancelled'];
export const TASKS: PlanTask[] = ['reporter', 'photographer', 'video_editor', 'editor'];

export const PROPOSE = 'newsroom.plans.propose';
export const DECIDE = 'newsroom.plans.decide';

/** antd colours per status: open plans stand out, closed ones recede. */
export const PLAN_STATUS_COLORS: Record<PlanStatus, string> = {
  proposed: 'processing',
  approved: 'success',
  rejected: 'error',
  done: 'default',
  cancelled: 'default',
};

/** The column heads' accent colours on the board. */
export const PLAN_STATUS_ACCENTS: Record<PlanStatus, string> = {
  proposed: '#1d5fd6',
  approved: '#389e0d',
  rejected: '#cf1322',
  done: '#595959',
  cancelled: '#bfbfbf',
};

export const channelLabel = (t: I18n['t'], channel: string) => t(`plan.channel.${channel}` as MessageKey);
export const planStatusLabel = (t: I18n['t'], status: string) => t(`plan.status.${status}` as MessageKey);
export const taskLabel = (t: I18n['t'], task: string) => t(`plan.task.${task}` as MessageKey);

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={PLAN_STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="plan-status">
      {planStatusLabel(t, status)}
    </Tag>
  );
}

/** A plan still open (proposed or approved) whose deadline has passed. */
export function isOverdue(plan: Pick<Plan, 'deadline' | 'status'>, now = Date.now()): boolean {
  return Boolean(plan.deadline) && (plan.status === 'proposed' || plan.status === 'approved') && new Date(plan.deadline!).getTime() < now;
}

export function DeadlineText({ plan }: { plan: Pick<Plan, 'deadline' | 'status'> }) {
  const { t, formatDateTime } = useI18n();
  if (!plan.deadline) return <Typography.Text type="secondary">{t('plan.noDeadline')}</Typography.Text>;
  const overdue = isOverdue(plan);
  return (
    <Typography.Text type={overdue ? 'danger' : undefined} data-testid="plan-deadline">
      <ClockCircleOutlined style={{ marginInlineEnd: 4 }} />
      {formatDateTime(plan.deadline)}
      {overdue ? ` · ${t('plan.overdue')}` : ''}
    </Typography.Text>
  );
}

/** The decisions the plan's status allows (the server checks again). */
export function decisionsFor(status: PlanStatus): PlanDecision[] {
  if (status === 'proposed') return ['approve', 'reject', 'cancel'];
  if (status === 'approved') return ['done', 'cancel'];
  return [];
}

/** Reject and cancel need a note; approve and done may have one. */
export const NOTE_REQUIRED: Record<PlanDecision, boolean> = { approve: false, reject: true, done: false, cancel: true };

/** The proposer changes a proposed plan; deciders change it until it is approved and running. */
export function mayEditPlan(plan: Pick<Plan, 'status' | 'proposer'>, userId: string, decider: boolean): boolean {
  if (plan.status === 'proposed') return plan.proposer.id === userId || decider;
  return plan.status === 'approved' && decider;
}
