import { deps } from '../../lib/aws/deps.ts';
import { config } from '../../lib/config.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { jobResponse, jobUrl } from '../../lib/http/jobs.ts';
import { readJob } from '../../lib/jobs/read.ts';

export const handler = httpHandler(
  async (event) => {
    const file = event.pathParameters?.file ?? '';
    const match = /^(.+?)(?:\.(xml|json))?$/.exec(file);
    if (!match) throw new NotFoundError(`There is no job at "${file}".`);
    const [, id = '', format] = match;
    const doc = await readJob(deps, id, jobUrl(event, id));
    return jobResponse(event, doc, format as 'xml' | 'json' | undefined);
  },
  { token: () => config().apiToken },
);
