import { deps } from '../../lib/aws/deps.ts';
import { config } from '../../lib/config.ts';
import { parseForm } from '../../lib/http/form.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { jobResponse, jobUrl } from '../../lib/http/jobs.ts';
import { readRetractRequest } from '../../lib/http/requests.ts';
import { submitRetraction } from '../../lib/jobs/submit.ts';

export const handler = httpHandler(
  async (event) => {
    const fields = await parseForm(event);
    const record = await submitRetraction(deps, readRetractRequest(fields), fields.mediapackage!, 'api');
    return jobResponse(event, { record, status: 'QUEUED', version: 1, url: jobUrl(event, record.id) });
  },
  { token: () => config().apiToken },
);
