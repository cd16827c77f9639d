import { deps } from '../../lib/aws/deps.ts';
import { checkHealth } from '../../lib/health.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { json } from '../../lib/http/responses.ts';

export const handler = httpHandler(async () => {
  const report = await checkHealth(deps);
  const response = json(report, report.status === 'ok' ? 200 : 503);
  if (report.status !== 'ok') response.headers['retry-after'] = '5';
  return response;
});
