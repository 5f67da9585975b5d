/** One plan on the board: title, channels, deadline, proposer, assignees, manuscripts. */
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import { FileTextOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { Plan } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { channelLabel, DeadlineText, taskLabel } from './shared';
import styles from './plans.module.css';

export function PlanCard({ plan, onOpen }: { plan: Plan; onOpen(plan: Plan): void }) {
  const { t } = useI18n();
  const assignees = plan.assignments.map((a) => `${a.name}（${taskLabel(t, a.task)}）`).join('、');
  return (
    <Card
      size="small"
      hoverable
      className={styles.card}
      onClick={() => onOpen(plan)}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        onOpen(plan);
      }}
      tabIndex={0}
      role="button"
      data-testid="plan-card"
      data-plan-id={plan.id}
    >
      {/* Titles are text: React escapes them. */}
      <Typography.Paragraph strong ellipsis={{ rows: 2 }} style={{ marginBottom: 6 }}>{plan.title}</Typography.Paragraph>
      <Space size={[4, 4]} wrap>
        {plan.channels.map((c) => <Tag key={c} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px' }}>{channelLabel(t, c)}</Tag>)}
      </Space>
      <div className={styles.meta}>
        <span style={{ width: '100%' }}><DeadlineText plan={plan} /></span>
        <span><UserOutlined /> {t('plan.proposerIs', { name: plan.proposer.name })}</span>
        <Tooltip title={t('plan.manuscriptCount', { n: plan.manuscriptCount })}>
          <span data-testid="plan-manuscripts"><FileTextOutlined /> {plan.manuscriptCount}</span>
        </Tooltip>
        {assignees ? (
          <span style={{ width: '100%' }} data-testid="plan-assignees"><TeamOutlined /> {assignees}</span>
        ) : null}
      </div>
    </Card>
  );
}
