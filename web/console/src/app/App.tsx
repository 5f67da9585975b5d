/**
 * The console root: language, antd theme and locale, session, and the choice
 * between the login page and the shell.
 */
import { useEffect } from 'react';
import { App as AntApp, Button, ConfigProvider, Flex, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { errorMessage } from '../common/errors';
import { I18nProvider, useI18n } from '../i18n';
import { Shell } from '../layout/Shell';
import { LoginPage } from '../pages/login/LoginPage';
import { navigate, usePath } from './router';
import { loginPathFor, safeNext, SessionProvider, useSession } from './session';

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}

function Themed() {
  const { lang } = useI18n();
  useEffect(() => {
    // Date pickers take month and weekday names from dayjs.
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d5fd6', borderRadius: 6 } }}>
      <AntApp>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function FullPageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

function Routes() {
  const path = usePath();
  const i18n = useI18n();
  const { status, error, reload } = useSession();

  if (status === 'loading') return <FullPageSpin />;
  if (status === 'unreachable') {
    return (
      <Result
        status="500"
        title={i18n.t('app.unreachable')}
        subTitle={errorMessage(error, i18n)}
        extra={<Button type="primary" onClick={() => void reload()}>{i18n.t('common.retry')}</Button>}
      />
    );
  }
  if (path === '/login') {
    return status === 'authenticated' ? <Redirect to={safeNext(window.location.search)} /> : <LoginPage />;
  }
  if (status === 'anonymous') return <Redirect to={loginPathFor(path, window.location.search)} />;
  return <Shell />;
}
