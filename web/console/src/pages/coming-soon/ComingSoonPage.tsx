/** A module that is planned but not built yet: what it will do, and that it is coming. */
import { Button, Card, Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n';
import type { NavPage } from '../../layout/nav';

export function ComingSoonPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  return (
    <Card>
      <Result
        icon={<ToolOutlined style={{ color: '#c2410c' }} />}
        title={`${t(page.label)} · ${t('soon.title')}`}
        subTitle={page.description ? t(page.description) : undefined}
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      />
    </Card>
  );
}
