/**
 * What the bell and the notifications page share: opening one (mark read, then go to
 * its link), marking all read, and a window event so the other one refreshes at once
 * instead of at its next poll.
 */
import { api } from '../../api/client';
import { navigate } from '../../app/router';
import type { AppNotification } from '../../api/types';
import type { I18n } from '../../i18n';

export const NOTIFICATIONS_CHANGED = 'rongmei:notifications-changed';

export function announceChange(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}

/** Only the console's own paths are followed (no open redirect through a stored link). */
export function safeLink(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/api/') ? link : null;
}

/** Marks it read (when unread) and goes to its link, if it has one. */
export async function openNotification(n: AppNotification): Promise<void> {
  if (!n.read) {
    try {
      await api.post(`/api/notifications/${n.id}/read`);
    } catch {
      // Still go where it points; the count corrects itself at the next poll.
    }
    announceChange();
  }
  const to = safeLink(n.link);
  if (to) navigate(to);
}

export async function markAllRead(): Promise<void> {
  await api.post('/api/notifications/read-all');
  announceChange();
}

/** 选题指派, 稿件退回…; a kind the console does not know shows as "通知". */
export const kindLabel = (i18n: I18n, kind: string) => i18n.tOr(`notif.kind.${kind}`, i18n.t('notif.kind.other'));
