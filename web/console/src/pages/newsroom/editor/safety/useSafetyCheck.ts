/**
 * The live safety check: `schedule()` after every change; 600 ms after the last one the
 * text goes to POST /api/safety/check (title, subtitle, summary, and the body as plain
 * text). Only the newest answer counts. The body findings are drawn on the editor
 * when the body is still what was checked.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { api } from '../../../../api/client';
import type { SafetyCheck, SafetyFinding } from '../../../../api/types';
import { bodyText } from './bodyText';
import { drawFindings } from './SafetyHighlight';

export const CHECK_DELAY_MS = 600;

export interface CheckedFields {
  title: string;
  subtitle: string;
  summary: string;
}

export interface SafetyState {
  result: SafetyCheck | null;
  error: unknown;
  checking: boolean;
  /** Check again after a pause in typing. */
  schedule(): void;
}

/** The server's field limits: longer text is checked up to them (the save refuses the rest anyway). */
const LIMITS = { title: 200, subtitle: 200, summary: 1000, body: 500_000 };

export function useSafetyCheck(editor: Editor, fields: () => CheckedFields, describe: (f: SafetyFinding) => string): SafetyState {
  const [result, setResult] = useState<SafetyCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);
  const latest = useRef({ fields, describe });
  latest.current = { fields, describe };

  const run = useCallback(async () => {
    const call = ++seq.current;
    const f = latest.current.fields();
    // Past the limit the body is checked in part, and not drawn (the text differs from the editor's).
    const body = bodyText(editor.state.doc).text.slice(0, LIMITS.body);
    setChecking(true);
    try {
      const r = await api.post<SafetyCheck>('/api/safety/check', {
        title: f.title.slice(0, LIMITS.title),
        subtitle: f.subtitle.slice(0, LIMITS.subtitle),
        summary: f.summary.slice(0, LIMITS.summary),
        body,
      });
      if (call !== seq.current) return;
      setResult(r);
      setError(null);
      drawFindings(editor, r.findings, body, latest.current.describe);
    } catch (err) {
      if (call === seq.current) setError(err);
    } finally {
      if (call === seq.current) setChecking(false);
    }
  }, [editor]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void run();
    }, CHECK_DELAY_MS);
  }, [run]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
    seq.current++; // an answer arriving after leaving is dropped
  }, []);

  return { result, error, checking, schedule };
}
