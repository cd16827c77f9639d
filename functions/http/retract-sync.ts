import { cdn } from '../../lib/aws/cdn.ts';
import { deps } from '../../lib/aws/deps.ts';
import { config } from '../../lib/config.ts';
import { retract } from '../../lib/distribution/retract.ts';
import { parseForm } from '../../lib/http/form.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { elementsResponse, readRetractRequest } from '../../lib/http/requests.ts';

export const handler = httpHandler(
  async (event) => {
    const request = readRetractRequest(await parseForm(event));
    return elementsResponse(event, await retract({ ...deps, cdn }, request));
  },
  { token: () => config().apiToken },
);
