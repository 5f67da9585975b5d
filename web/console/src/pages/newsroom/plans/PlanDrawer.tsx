/**
 * One plan (/newsroom/plans/:id, also the target of assignment notifications): what it
 * is, its decision and assignments; for deciders the decision buttons and the
 * assignment editor; for writers, once approved, 为此选题写稿 (a manuscript naming the
 * plan, opened in the editor).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Flex, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, FileAddOutlined, FlagOutlined, StopOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { Plan, PlanDecision } from '../../../api/types';
import { useCurrentSession } from '../../../app/session';
import { errorMessage } from '../../../common/errors';
import { useI18n, type MessageKey } from '../../../i18n';
import { NewManuscriptModal } from '../NewManuscriptModal';
import { useColumns } from '../shared';
import { AssignmentEditor } from './AssignmentEditor';
import { DecisionModal } from './DecisionModal';
import { PlanFormModal } from './PlanFormModal';
import { channelLabel, DeadlineText, decisionsFor, DECIDE, mayEditPlan, PlanStatusTag, taskLabel } from './shared';

const DECISION_ICONS: Record<PlanDecision, ReactNode> = {
  approve: <CheckOutlined />, reject: <CloseOutlined />, done: <FlagOutlined />, cancel: <StopOutlined />,
};

interface Props {
  id: string | null;
  onClose(): void;
  /** The plan changed (edited, decided, assigned): the board and calendar reload. */
  onChanged(plan: Plan): void;
}

export function PlanDrawer({ id, onClose, onChanged }: Props) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const { user, can } = useCurrentSession();
  const decider = can(DECIDE);
  const writer = can('newsroom.manuscripts.write');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [deciding, setDeciding] = useState<PlanDecision | null>(null);
  const [writing, setWriting] = useState(false);
  const columns = useColumns();

  async function load(planId: string) {
    try {
      setPlan(await api.get<Plan>(`/api/plans/${planId}`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  useEffect(() => {
    setPlan(null);
    setError(null);
    if (id) void load(id);
  }, [id]);

  function changed(next: Plan) {
    setPlan(next);
    onChanged(next);
  }

  /** The plan moved on meanwhile (someone else decided): say so and show it as it is. */
  function stale(err: unknown) {
    message.warning(errorMessage(err, i18n));
    if (id) void load(id);
    if (plan) onChanged(plan);
  }

  const mine = plan ? plan.assignments.some((a) => a.userId === user.id) : false;
  const open = id !== null;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={600}
      title={plan ? plan.title : t('plan.drawerTitle')}
      extra={plan && mayEditPlan(plan, user.id, decider) ? (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="plan-edit">{t('common.edit')}</Button>
      ) : null}
      destroyOnHidden
      data-testid="plan-drawer"
    >
      {error && !plan ? (
        <Result status={error instanceof ApiError && error.status === 404 ? '404' : 'error'} title={errorMessage(error, i18n)} />
      ) : !plan ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          {mine && plan.status === 'approved' ? (
            <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('plan.assignedToYou', { tasks: plan.assignments.filter((a) => a.userId === user.id).map((a) => taskLabel(t, a.task)).join('、') })} data-testid="plan-assigned-to-me" />
          ) : null}
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('plan.status')}><PlanStatusTag status={plan.status} /></Descriptions.Item>
            <Descriptions.Item label={t('plan.angle')}>
              {plan.angle ? <span style={{ whiteSpace: 'pre-wrap' }}>{plan.angle}</span> : <Typography.Text type="secondary">—</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.channels')}>
              <Space size={[4, 4]} wrap>{plan.channels.map((c) => <Tag key={c} style={{ marginInlineEnd: 0 }}>{channelLabel(t, c)}</Tag>)}</Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.deadline')}><DeadlineText plan={plan} /></Descriptions.Item>
            <Descriptions.Item label={t('plan.proposer')}>{plan.proposer.name} · {formatDateTime(plan.createdAt)}</Descriptions.Item>
            {plan.decision ? (
              <Descriptions.Item label={t('plan.decision')}>
                <div data-testid="plan-decision">
                  {t('plan.decidedBy', { name: plan.decision.by, time: formatDateTime(plan.decision.at), status: t(`plan.status.${plan.status}` as MessageKey) })}
                  {plan.decision.note ? <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{plan.decision.note}</div> : null}
                </div>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('plan.manuscripts')}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <span data-testid="plan-manuscript-count">{t('plan.manuscriptCount', { n: plan.manuscriptCount })}</span>
                {writer && plan.status === 'approved' ? (
                  <Button size="small" type="primary" icon={<FileAddOutlined />} onClick={() => setWriting(true)} data-testid="plan-write">
                    {t('plan.write')}
                  </Button>
                ) : null}
              </Flex>
            </Descriptions.Item>
          </Descriptions>

          {decider && decisionsFor(plan.status).length > 0 ? (
            <>
              <Divider titlePlacement="start" plain>{t('plan.decisions')}</Divider>
              <Space wrap>
                {decisionsFor(plan.status).map((d) => (
                  <Button
                    key={d}
                    type={d === 'approve' || d === 'done' ? 'primary' : 'default'}
                    danger={d === 'reject' || d === 'cancel'}
                    icon={DECISION_ICONS[d]}
                    onClick={() => setDeciding(d)}
                    data-testid={`plan-decide-${d}`}
                  >
                    {t(`plan.decide.${d}` as MessageKey)}
                  </Button>
                ))}
              </Space>
            </>
          ) : null}

          <Divider titlePlacement="start" plain>{t('plan.assignments')}</Divider>
          {decider && plan.status === 'approved' ? (
            <AssignmentEditor plan={plan} onSaved={changed} onStale={stale} />
          ) : plan.assignments.length ? (
            <Flex vertical gap={6} data-testid="plan-assignment-list">
              {plan.assignments.map((a) => (
                <div key={`${a.userId}:${a.task}`}>
                  <Tag color="blue">{taskLabel(t, a.task)}</Tag>
                  {a.name}
                </div>
              ))}
            </Flex>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={plan.status === 'proposed' && decider ? t('plan.assignAfterApproval') : t('plan.noAssignments')} />
          )}

          <PlanFormModal open={editing} plan={plan} onClose={() => setEditing(false)} onSaved={(p) => { setEditing(false); changed(p); }} />
          <DecisionModal
            plan={plan}
            decision={deciding}
            onClose={() => setDeciding(null)}
            onStale={stale}
            onDone={(p) => {
              message.success(t(`plan.decided.${deciding ?? 'approve'}` as MessageKey));
              setDeciding(null);
              changed(p);
            }}
          />
          <NewManuscriptModal open={writing} columns={columns.data ?? []} planId={plan.id} initialTitle={plan.title} onClose={() => setWriting(false)} />
        </>
      )}
    </Drawer>
  );
}
