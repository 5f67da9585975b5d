/**
 * Failpoints: named places where a test can make the server process die at once, as
 * if killed (SIGKILL: no cleanup, no flush), to prove that work resumes after a restart
 * with nothing lost and nothing done twice. Armed only when NODE_ENV=test and
 * RONGMEI_FAILPOINTS lists the name (comma-separated); everywhere else a no-op.
 */
const armed = new Set(
  process.env.NODE_ENV === 'test' ? (process.env.RONGMEI_FAILPOINTS ?? '').split(',').map((s) => s.trim()).filter(Boolean) : [],
);

export function failpoint(name: string): void {
  if (armed.has(name)) process.kill(process.pid, 'SIGKILL');
}
