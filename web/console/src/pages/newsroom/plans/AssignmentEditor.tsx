/**
 * 指派: who works on an approved plan and as what (记者, 摄影, 视频剪辑, 编辑). The list
 * replaces the plan's assignments; each newly assigned person gets a notification.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Flex, Select, Skeleton, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { Plan, PlanTask } from '../../../api/types';
import { useCurrentSession } from '../../../app/session';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';
import { usePeople } from './people';
import { taskLabel, TASKS } from './shared';

interface Row {
  key: number;
  userId?: string;
  task: PlanTask;
}

let nextKey = 1;
const rowsOf = (plan: Plan): Row[] => plan.assignments.map((a) => ({ key: nextKey++, userId: a.userId, task: a.task }));

export function AssignmentEditor({ plan, onSaved, onStale }: { plan: Plan; onSaved(plan: Plan): void; onStale(err: unknown): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const { user } = useCurrentSession();
  const people = usePeople({ id: user.id, name: user.displayName }, true);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(plan));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setRows(rowsOf(plan));
    setError(null);
  }, [plan]);

  const options = useMemo(() => {
    const list = new Map((people.data?.people ?? []).map((p) => [p.id, p]));
    // Those already assigned stay pickable even when the list does not name them.
    for (const a of plan.assignments) if (!list.has(a.userId)) list.set(a.userId, { id: a.userId, name: a.name });
    return [...list.values()].map((p) => ({ value: p.id, label: p.detail ? `${p.name}（${p.detail}）` : p.name, search: `${p.name} ${p.detail ?? ''}` }));
  }, [people.data, plan.assignments]);

  const changed = JSON.stringify(rows.map((r) => [r.userId, r.task])) !== JSON.stringify(plan.assignments.map((a) => [a.userId, a.task]));
  const incomplete = rows.some((r) => !r.userId);
  const duplicate = new Set(rows.map((r) => `${r.userId}:${r.task}`)).size !== rows.length;

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const next = await api.put<Plan>(`/api/plans/${plan.id}/assignments`, { assignments: rows.map((r) => ({ userId: r.userId!, task: r.task })) });
      message.success(t('plan.assignSaved'));
      onSaved(next);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'PLAN_INVALID_TRANSITION' || err.code === 'PLAN_NOT_FOUND')) onStale(err);
      else setError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  // The picker shows once there is a list to pick from.
  if (people.loading && !people.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (people.error) return <ErrorAlert error={people.error} onRetry={people.reload} />;

  return (
    <div data-testid="assignment-editor">
      {people.data && !people.data.complete ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('plan.assignPartialList')}</Typography.Paragraph>
      ) : null}
      <Flex vertical gap={8}>
        {rows.map((row, i) => (
          <Flex key={row.key} gap={8} align="center">
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              placeholder={t('plan.assignPerson')}
              value={row.userId}
              onChange={(userId: string) => update(row.key, { userId })}
              options={options}
              style={{ flex: 1, minWidth: 0 }}
              data-testid={`assign-person-${i}`}
            />
            <Select
              value={row.task}
              onChange={(task: PlanTask) => update(row.key, { task })}
              options={TASKS.map((task) => ({ value: task, label: taskLabel(t, task) }))}
              style={{ width: 120 }}
              data-testid={`assign-task-${i}`}
            />
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))} />
          </Flex>
        ))}
        {rows.length === 0 ? <Typography.Text type="secondary">{t('plan.noAssignments')}</Typography.Text> : null}
      </Flex>
      {duplicate ? <Alert type="warning" showIcon title={t('plan.assignDuplicate')} style={{ marginTop: 8 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
      <Flex gap={8} style={{ marginTop: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, { key: nextKey++, task: 'reporter' }])} disabled={rows.length >= 30} data-testid="assign-add">
          {t('plan.assignAdd')}
        </Button>
        <Button type="primary" loading={saving} disabled={!changed || incomplete || duplicate} onClick={() => void save()} data-testid="assign-save">
          {t('plan.assignSave')}
        </Button>
      </Flex>
    </div>
  );
}
