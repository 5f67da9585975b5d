/**
 * Staff login: username and password, and the center code under "more options" (only
 * needed when a username exists in several centers). Shows the server's reason for
 * a refusal: wrong password, locked account (with the time), rate limit.
 */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { BankOutlined, DownOutlined, LockOutlined, UpOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { navigate } from '../../app/router';
import { safeNext, useSession } from '../../app/session';
import { errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import styles from './login.module.css';

interface Values {
  username: string;
  password: string;
  center?: string;
}

export function LoginPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { login } = useSession();
  const [form] = Form.useForm<Values>();
  const [moreOpen, setMoreOpen] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(values: Values) {
    setSubmitting(true);
    setError(null);
    try {
      await login({ username: values.username.trim(), password: values.password, center: values.center?.trim() || undefined });
      navigate(safeNext(window.location.search), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'AUTH_CENTER_REQUIRED') setMoreOpen(true);
      setError(errorMessage(err, i18n));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className={styles.page}>
      <div className={styles.lang}>
        <LanguageSwitch />
      </div>
      <div className={styles.brand}>
        <div className={styles.logo}>融</div>
        <h1 className={styles.title}>{t('login.brandTitle')}</h1>
        <p className={styles.tagline}>{t('login.brandTagline')}</p>
      </div>
      <Card className={styles.card} variant="borderless">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        <Form form={form} layout="vertical" size="large" requiredMark={false} onFinish={submit} onValuesChange={() => setError(null)}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="link" size="small" style={{ padding: 0, marginBottom: 12 }} onClick={() => setMoreOpen((o) => !o)}>
            {t('login.moreOptions')} {moreOpen ? <UpOutlined /> : <DownOutlined />}
          </Button>
          {moreOpen ? (
            <Form.Item name="center" label={t('login.center')} extra={t('login.centerHelp')}>
              <Input prefix={<BankOutlined />} autoComplete="organization" />
            </Form.Item>
          ) : null}
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('login.footer')}
          </Typography.Text>
        </Flex>
      </Card>
    </div>
  );
}
