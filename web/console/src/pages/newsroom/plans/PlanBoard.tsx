/** 看板: one column per status, each with its count and (up to 50) cards. */
import { Empty, Skeleton, Typography } from 'antd';
import type { CSSProperties } from 'react';
import type { Plan, PlanBoard as Board } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { PlanCard } from './PlanCard';
import { PLAN_STATUS_ACCENTS, PLAN_STATUSES, planStatusLabel } from './shared';
import styles from './plans.module.css';

export function PlanBoard({ board, loading, onOpen }: { board: Board | undefined; loading: boolean; onOpen(plan: Plan): void }) {
  const { t } = useI18n();
  return (
    <div className={styles.board} data-testid="plan-board">
      {PLAN_STATUSES.map((status) => {
        const column = board?.columns.find((c) => c.status === status);
        return (
          <section
            key={status}
            className={styles.column}
            style={{ '--accent': PLAN_STATUS_ACCENTS[status] } as CSSProperties}
            data-testid={`plan-column-${status}`}
            aria-label={planStatusLabel(t, status)}
          >
            <div className={styles.columnHead}>
              <span>{planStatusLabel(t, status)}</span>
              <Typography.Text type="secondary" data-testid="plan-column-total">{column?.total ?? 0}</Typography.Text>
            </div>
            {!board && loading ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : column && column.items.length > 0 ? (
              <div className={styles.cards}>
                {column.items.map((plan) => <PlanCard key={plan.id} plan={plan} onOpen={onOpen} />)}
                {column.total > column.items.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('plan.boardMore', { n: column.items.length, total: column.total })}</Typography.Text>
                ) : null}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.columnEmpty')} />
            )}
          </section>
        );
      })}
    </div>
  );
}
