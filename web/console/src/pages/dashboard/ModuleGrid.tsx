/** The platform's modules at a glance, each with what it will do; built ones say so. */
import { Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n';
import { MODULE_PAGES } from '../../layout/nav';

export function ModuleGrid() {
  const { t } = useI18n();
  const modules = MODULE_PAGES.filter((p) => p.path !== '/');
  return (
    <Card title={t('dashboard.modules')}>
      <Row gutter={[16, 16]}>
        {modules.map((m) => (
          <Col xs={24} md={12} xl={6} key={m.path}>
            <Card size="small" hoverable onClick={() => navigate(m.path)} style={{ height: '100%' }}>
              <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
                <Typography.Text strong>
                  <span style={{ color: '#1d5fd6', marginInlineEnd: 8 }}>{m.icon}</span>
                  {t(m.label)}
                </Typography.Text>
                {m.component || m.children ? <Tag color="green">{t('dashboard.ready')}</Tag> : <Tag>{t('dashboard.soon')}</Tag>}
              </Flex>
              {m.description ? (
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2, tooltip: t(m.description) }}>
                  {t(m.description)}
                </Typography.Paragraph>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
