/**
 * Where the manuscript stands in review, and the actions open to me: 提交审核, 通过
 * (签发 at the last level), 退回, 不通过. Decisions wait while there are unsaved changes:
 * a decision is on the version shown, and it must be the saved one.
 */
import { Button, Flex, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import type { Manuscript } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { levelLabel, StatusTag } from '../shared';
import type { reviewActions } from './editability';

export type BarAction = 'submit' | 'approve' | 'return' | 'reject';

interface Props {
  m: Manuscript;
  actions: ReturnType<typeof reviewActions>;
  dirty: boolean;
  busy: BarAction | null;
  onAction(action: BarAction): void;
}

export function ReviewBar({ m, actions, dirty, busy, onAction }: Props) {
  const { t, formatDateTime } = useI18n();
  const any = actions.submit || actions.approve || actions.returnOrReject;
  const stage =
    m.status === 'in_review' && m.reviewLevel
      ? t('review.stage', { waiting: t('review.waitingAt', { level: levelLabel(t, m.reviewLevel) }), levelOf: t('review.levelOf', { level: m.reviewLevel, n: m.reviewLevels }) })
      : m.signedOff
        ? t('ms.signedOffBy', { name: m.signedOff.by, time: formatDateTime(m.signedOff.at), n: m.signedOff.version })
        : t('ms.reviewLevels', { n: m.reviewLevels });
  const off = dirty || busy !== null;

  return (
    <Flex justify="space-between" align="center" gap={12} wrap data-testid="review-bar">
      <Space size={8} wrap>
        <StatusTag m={m} />
        <Tag>{t('ms.versionN', { n: m.version })}</Tag>
        <Typography.Text type="secondary">{stage}</Typography.Text>
        {actions.ownWork ? <Typography.Text type="warning">{t('review.ownWork')}</Typography.Text> : null}
      </Space>
      {any ? (
        <Space size={8} wrap>
          {dirty ? <Typography.Text type="warning">{t('ms.saveFirst')}</Typography.Text> : null}
          {actions.submit ? (
            <Button type="primary" icon={<SendOutlined />} disabled={off} loading={busy === 'submit'} onClick={() => onAction('submit')} data-testid="review-submit">
              {t('review.submit')}
            </Button>
          ) : null}
          {actions.returnOrReject ? (
            <>
              <Button icon={<RollbackOutlined />} disabled={off} onClick={() => onAction('return')} data-testid="review-return">
                {t('review.return')}
              </Button>
              <Button danger icon={<CloseOutlined />} disabled={off} onClick={() => onAction('reject')} data-testid="review-reject">
                {t('review.reject')}
              </Button>
            </>
          ) : null}
          {actions.approve ? (
            <Button
              color={actions.signOff ? 'green' : 'primary'}
              variant="solid"
              icon={actions.signOff ? <SafetyCertificateOutlined /> : <CheckOutlined />}
              disabled={off}
              loading={busy === 'approve'}
              onClick={() => onAction('approve')}
              data-testid="review-approve"
            >
              {actions.signOff ? t('review.signOff') : t('review.approve')}
            </Button>
          ) : null}
        </Space>
      ) : null}
    </Flex>
  );
}
