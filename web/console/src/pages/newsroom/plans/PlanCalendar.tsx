/**
 * 日历: plans by deadline, a month at a time. The visible grid (up to six weeks around
 * the month) is fetched with GET /api/plans?from=&to=; plans without a deadline are
 * only on the board.
 */
import { useMemo } from 'react';
import { Badge, Button, Calendar, Flex, Spin, Tooltip, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Page, Plan } from '../../../api/types';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { useAsync } from '../../../common/useAsync';
import { useI18n } from '../../../i18n';
import { planStatusLabel } from './shared';
import styles from './plans.module.css';

const DOT: Record<string, 'processing' | 'success' | 'error' | 'default'> = {
  proposed: 'processing', approved: 'success', rejected: 'error', done: 'default', cancelled: 'default',
};

/** The days a month view can show: from a week before the 1st to two weeks after the last. */
export function visibleRange(month: Dayjs): { from: string; to: string } {
  return { from: month.startOf('month').subtract(7, 'day').toISOString(), to: month.endOf('month').add(15, 'day').startOf('day').toISOString() };
}

interface Props {
  month: Dayjs;
  onMonth(month: Dayjs): void;
  filters: { q?: string; assignedToMe?: boolean };
  refresh: number;
  onOpen(plan: Plan): void;
}

export function PlanCalendar({ month, onMonth, filters, refresh, onOpen }: Props) {
  const { t, lang } = useI18n();
  const range = visibleRange(month);
  const list = useAsync(
    () => api.get<Page<Plan>>('/api/plans', { ...range, q: filters.q, assignedToMe: filters.assignedToMe || undefined, pageSize: 200 }),
    [range.from, range.to, filters.q, filters.assignedToMe, refresh],
  );

  const byDay = useMemo(() => {
    const days = new Map<string, Plan[]>();
    for (const plan of list.data?.items ?? []) {
      if (!plan.deadline) continue;
      const d = new Date(plan.deadline);
      const key = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
      days.set(key, [...(days.get(key) ?? []), plan]);
    }
    return days;
  }, [list.data]);

  const cell = (date: Dayjs) => {
    const plans = byDay.get(`${date.year()}-${date.month()}-${date.date()}`) ?? [];
    return plans.map((plan) => {
      const closed = plan.status === 'done' || plan.status === 'cancelled' || plan.status === 'rejected';
      return (
        <Tooltip key={plan.id} title={`${planStatusLabel(t, plan.status)} · ${plan.title}`}>
          <div
            className={`${styles.calendarItem} ${closed ? styles.calendarItemClosed : ''}`}
            role="button"
            tabIndex={0}
            onClick={(e) => {
              e.stopPropagation();
              onOpen(plan);
            }}
            onKeyDown={(e) => e.key === 'Enter' && onOpen(plan)}
            data-testid="calendar-plan"
            data-plan-id={plan.id}
          >
            <Badge status={DOT[plan.status] ?? 'default'} />
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{plan.title}</span>
          </div>
        </Tooltip>
      );
    });
  };

  const title = month.toDate().toLocaleDateString(lang === 'en' ? 'en' : 'zh-CN', { year: 'numeric', month: 'long' });
  return (
    <div data-testid="plan-calendar">
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Spin spinning={list.loading}>
        <Calendar
          className={styles.calendar}
          value={month}
          mode="month"
          onSelect={(date) => onMonth(date)}
          cellRender={(date, info) => (info.type === 'date' ? cell(date) : info.originNode)}
          headerRender={() => (
            <Flex justify="space-between" align="center" style={{ padding: '0 4px 12px' }}>
              <Typography.Title level={5} style={{ margin: 0 }} data-testid="calendar-month">{title}</Typography.Title>
              <Flex gap={8} align="center">
                {list.data && list.data.total > list.data.items.length ? (
                  <Typography.Text type="warning">{t('plan.calendarTruncated', { n: list.data.items.length, total: list.data.total })}</Typography.Text>
                ) : null}
                <Button icon={<LeftOutlined />} aria-label={t('plan.prevMonth')} onClick={() => onMonth(month.subtract(1, 'month'))} />
                <Button onClick={() => onMonth(dayjs())}>{t('plan.thisMonth')}</Button>
                <Button icon={<RightOutlined />} aria-label={t('plan.nextMonth')} onClick={() => onMonth(month.add(1, 'month'))} />
              </Flex>
            </Flex>
          )}
        />
      </Spin>
    </div>
  );
}
