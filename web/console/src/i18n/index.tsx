/**
 * The console's languages: zh-CN first, English as a switch. The choice is kept in
 * localStorage. All UI strings come from ./zh-CN.ts and ./en.ts (identical keys,
 * enforced by the Messages type).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey, type Messages } from './zh-CN';
import { en } from './en';
import { setApiLanguage } from '../api/client';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'rongmei.lang';
const dictionaries: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

type Vars = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The message for `key`, with `{name}` placeholders filled from `vars`. */
  t(key: MessageKey, vars?: Vars): string;
  /** For keys built at run time (a permission module, an error code): `fallback` when absent. */
  tOr(key: string, fallback: string, vars?: Vars): string;
  /** A date-time in the current language, in the browser's time zone. */
  formatDateTime(iso: string | null | undefined): string;
}

function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

function initialLang(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage can be unavailable (privacy mode); Chinese is the default anyway.
  }
  return 'zh-CN';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const first = initialLang();
    setApiLanguage(first);
    document.documentElement.lang = first;
    return first;
  });

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    setApiLanguage(next);
    document.documentElement.lang = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not kept across reloads then; nothing else to do.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const dateFormat = new Intl.DateTimeFormat(lang, {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    });
    return {
      lang,
      setLang,
      // A key built at run time from a server value the console does not know yet shows as the key.
      t: (key, vars) => fill(dict[key] ?? key, vars),
      tOr: (key, fallback, vars) => fill(Object.hasOwn(dict, key) ? dict[key as MessageKey] : fallback, vars),
      formatDateTime: (iso) => {
        if (!iso) return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
      },
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
