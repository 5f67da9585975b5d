/** 通知 (/notifications): all of mine, newest first, paged; unread only; mark all read. */
import { useEffect, useState } from 'react';
import { Badge, Button, Card, Checkbox, Flex, List, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { NotificationPage } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { kindLabel, markAllRead, NOTIFICATIONS_CHANGED, openNotification, safeLink } from './notifications';

export default function NotificationsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [query, setQuery] = useState({ page: 1, pageSize: 20, unread: false });
  const list = useAsync(() => api.get<NotificationPage>('/api/notifications', { ...query, unread: query.unread || undefined }), [query]);

  // Read from the bell meanwhile: show it.
  useEffect(() => {
    const again = () => list.reload();
    window.addEventListener(NOTIFICATIONS_CHANGED, again);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, again);
  }, [list]);

  return (
    <>
      <PageHeader
        title={t('nav.notifications')}
        subtitle={list.data ? t('notif.unreadCount', { n: list.data.unread }) : undefined}
        extra={
          <Button icon={<CheckOutlined />} disabled={!list.data?.unread} onClick={() => void markAllRead()} data-testid="notifications-read-all">
            {t('notif.readAll')}
          </Button>
        }
      />
      <Card>
        <Flex style={{ marginBottom: 12 }}>
          <Checkbox checked={query.unread} onChange={(e) => setQuery((q) => ({ ...q, unread: e.target.checked, page: 1 }))}>{t('notif.unreadOnly')}</Checkbox>
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <List
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: query.unread ? t('notif.noneUnread') : t('notif.empty') }}
          data-testid="notifications-list"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page: pageSize !== q.pageSize ? 1 : page, pageSize })),
          }}
          renderItem={(n) => (
            <List.Item
              data-testid="notifications-item"
              data-read={n.read}
              style={{ background: n.read ? undefined : '#f0f5ff', paddingInline: 12, cursor: safeLink(n.link) || !n.read ? 'pointer' : undefined }}
              onClick={() => void openNotification(n)}
              extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</Typography.Text>}
            >
              <List.Item.Meta
                avatar={n.read ? <Badge status="default" /> : <Badge status="processing" />}
                title={
                  <Flex gap={8} align="center" wrap>
                    <Tag style={{ marginInlineEnd: 0 }}>{kindLabel(i18n, n.kind)}</Tag>
                    <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
                  </Flex>
                }
                description={n.body ? <span style={{ whiteSpace: 'pre-wrap' }}>{n.body}</span> : null}
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
