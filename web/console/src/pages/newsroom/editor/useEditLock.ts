/**
 * The edit lock of one manuscript: taken when the editor opens (or when the user starts
 * typing after a review step dropped it), renewed every 2 minutes while held (the
 * server keeps it 5), released on leaving the page or closing the tab. Lock calls run
 * one after another, so a quick leave-and-return cannot end with the lock released.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client';
import type { Manuscript } from '../../../api/types';
import { lockHolder } from '../../../common/errors';

export const RENEW_MS = 2 * 60_000;

export interface Holder {
  name: string;
  until: string;
}

export interface EditLock {
  held: boolean;
  /** Someone else holds it. */
  other: Holder | null;
  /** Takes (or with `takeover`, breaks and takes) the lock; null when another holds it. */
  acquire(takeover?: boolean): Promise<Manuscript | null>;
  release(): Promise<void>;
  /** The server dropped the lock (a review step does): stop renewing, nothing to release. */
  forget(): void;
}

export function useEditLock(id: string, onLost: (by: Holder) => void): EditLock {
  const [held, setHeld] = useState(false);
  const [other, setOther] = useState<Holder | null>(null);
  const heldRef = useRef(false);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const onLostRef = useRef(onLost);
  onLostRef.current = onLost;

  const serial = useCallback(<T,>(op: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(op, op);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const setHolding = (value: boolean) => {
    heldRef.current = value;
    setHeld(value);
  };

  const acquire = useCallback(
    (takeover = false) =>
      serial(async () => {
        try {
          const m = await api.post<Manuscript>(`/api/manuscripts/${id}/lock`, takeover ? { takeover: true } : {});
          setHolding(true);
          setOther(null);
          return m;
        } catch (err) {
          const by = lockHolder(err);
          if (!by) throw err;
          const wasHeld = heldRef.current;
          setHolding(false);
          setOther(by);
          if (wasHeld) onLostRef.current(by);
          return null;
        }
      }),
    [id, serial],
  );

  const release = useCallback(
    () =>
      serial(async () => {
        if (!heldRef.current) return;
        setHolding(false);
        try {
          await api.del(`/api/manuscripts/${id}/lock`);
        } catch {
          // It expires by itself in a few minutes.
        }
      }),
    [id, serial],
  );

  const forget = useCallback(() => setHolding(false), []);

  // Renew while held.
  useEffect(() => {
    if (!held) return;
    const timer = window.setInterval(() => void acquire().catch(() => undefined), RENEW_MS);
    return () => window.clearInterval(timer);
  }, [held, acquire]);

  // Release on leaving the page (unmount) and on closing or reloading the tab.
  useEffect(() => {
    const onHide = () => {
      if (!heldRef.current) return;
      heldRef.current = false;
      void api.del(`/api/manuscripts/${id}/lock`, { keepalive: true }).catch(() => undefined);
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      void release();
    };
  }, [id, release]);

  return { held, other, acquire, release, forget };
}
