/**
 * The bell in the header: the unread count (polled every 30 s while the tab is visible,
 * and at once when a notification is read elsewhere), the newest ten in a dropdown;
 * clicking one marks it read and opens its link.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AppNotification, NotificationPage } from '../api/types';
import { navigate } from '../app/router';
import { useI18n } from '../i18n';
import { kindLabel, markAllRead, NOTIFICATIONS_CHANGED, openNotification } from '../pages/notifications/notifications';

export const POLL_MS = 30_000;

export function NotificationBell() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [data, setData] = useState<NotificationPage | null>(null);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const poll = useCallback(async () => {
    const call = ++seq.current;
    setLoading(true);
    try {
      const page = await api.get<NotificationPage>('/api/notifications', { pageSize: 10 });
      if (call === seq.current) setData(page);
    } catch {
      // A missed poll is retried at the next one; the bell keeps what it had.
    } finally {
      if (call === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void poll();
    const timer = window.setInterval(() => {
      if (!document.hidden) void poll();
    }, POLL_MS);
    const again = () => void poll();
    const visible = () => !document.hidden && void poll();
    window.addEventListener(NOTIFICATIONS_CHANGED, again);
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, again);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [poll]);

  const unread = data?.unread ?? 0;

  function choose(n: AppNotification) {
    setOpen(false);
    void openNotification(n);
  }

  const content = (
    <div style={{ width: 360 }} data-testid="notification-dropdown">
      <Flex justify="space-between" align="center" style={{ padding: '0 4px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{t('notif.title')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => void markAllRead()} data-testid="notification-read-all">
          {t('notif.readAll')}
        </Button>
      </Flex>
      <Spin spinning={loading && !data}>
        {data && data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} style={{ margin: '24px 0' }} />
        ) : (
          <List
            size="small"
            dataSource={data?.items ?? []}
            style={{ maxHeight: 420, overflowY: 'auto' }}
            renderItem={(n) => (
              <List.Item
                onClick={() => choose(n)}
                style={{ cursor: 'pointer', alignItems: 'flex-start', background: n.read ? undefined : '#f0f5ff', paddingInline: 8 }}
                data-testid="notification-item"
                data-read={n.read}
              >
                <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                  <Flex gap={6} align="center">
                    {n.read ? null : <Badge status="processing" />}
                    {/* Titles and bodies are text: React escapes them. */}
                    <Typography.Text strong={!n.read} ellipsis style={{ flex: 1 }}>{n.title}</Typography.Text>
                  </Flex>
                  {n.body ? <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{n.body}</Typography.Text> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{kindLabel(i18n, n.kind)} · {formatDateTime(n.createdAt)}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Spin>
      <div style={{ textAlign: 'center', borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
        <Button type="link" size="small" onClick={() => { setOpen(false); navigate('/notifications'); }} data-testid="notification-all">
          {t('notif.viewAll')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void poll();
      }}
      arrow={false}
    >
      <Button type="text" aria-label={unread ? t('notif.bellUnread', { n: unread }) : t('notif.title')} style={{ height: 40 }} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
