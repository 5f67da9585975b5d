import { logIn, startHarness } from './harness.ts';
const h = await startHarness();
try {
  const leader = await h.newPage();
  await logIn(leader, 'leader');
  // 100,000 words
  const t0 = Date.now();
  const r = await leader.evaluate(async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100000; i++) lines.push(`词${i.toString(36)}号${(i * 7919 % 100000).toString(36)}\t${i % 3 ? 'review' : 'block'}\t类${i % 17}`);
    const cur = await (await fetch('/api/safety/rules')).json();
    const res = await fetch('/api/safety/rules/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ baseVersion: cur.version, text: lines.join('\n'), level: 'block', mode: 'merge' }) });
    return res.status;
  });
  console.log('import', r, Date.now() - t0, 'ms');
  let t = Date.now();
  await leader.goto('/newsroom/safety');
  await leader.getByTestId('word-counts').waitFor();
  console.log('page with 100k words', Date.now() - t, 'ms', await leader.getByTestId('word-counts').textContent());
  t = Date.now();
  await leader.getByTestId('word-search').locator('input').fill('号1a');
  await leader.waitForTimeout(100);
  console.log('search', Date.now() - t, 'ms');
  await h.screenshot(leader, 'explore-100k-search');
  t = Date.now();
  await leader.getByTestId('word-input').fill('新词');
  await leader.getByTestId('word-add').click();
  await leader.getByTestId('rules-dirty').waitFor();
  console.log('add', Date.now() - t, 'ms');
  t = Date.now();
  await leader.getByTestId('rules-save').click();
  await leader.getByTestId('rules-save-confirm').click();
  await leader.getByText('已保存为第 3 版').waitFor({ timeout: 30000 });
  console.log('save', Date.now() - t, 'ms');
  await leader.getByTestId('rules-history').click();
  await leader.getByTestId('rules-versions').locator('.ant-table-row').nth(2).waitFor();
  await h.screenshot(leader, 'explore-history');
  await leader.getByTestId('rules-versions').locator('.ant-drawer-close').click();
  await leader.getByTestId('rules-import').click();
  await leader.getByTestId('import-text').fill('甲\nb\tblock\t类\n# c');
  await h.screenshot(leader, 'explore-import');
  await leader.keyboard.press('Escape');
  // english
  await leader.goto('/newsroom/plans');
  await leader.getByText('English').click();
  await leader.getByTestId('plan-board').waitFor();
  await h.screenshot(leader, 'explore-plans-en');
  await leader.getByTestId('plan-card').first().click();
  await leader.getByTestId('plan-drawer').getByTestId('plan-status').waitFor();
  await h.screenshot(leader, 'explore-drawer-en');
  await leader.goto('/notifications');
  await leader.getByTestId('notifications-list').waitFor();
  await h.screenshot(leader, 'explore-notifications-en');
  await leader.getByText('中文').click();
  const editor = await h.newPage();
  await logIn(editor, 'editor');
  await editor.goto('/notifications');
  await editor.getByTestId('notifications-item').first().waitFor();
  await h.screenshot(editor, 'explore-notifications');
  await editor.goto('/newsroom/plans?view=calendar&month=2026-12');
  await editor.getByTestId('calendar-plan').first().waitFor();
  await h.screenshot(editor, 'explore-calendar-dec');
  await editor.getByTestId('calendar-plan').first().click();
  await editor.getByTestId('plan-drawer').getByTestId('plan-status').waitFor();
  await h.screenshot(editor, 'explore-drawer-editor');
} finally {
  await h.close();
}
