import { cdn } from '../../lib/aws/cdn.ts';
import { deps } from '../../lib/aws/deps.ts';
import { signer } from '../../lib/aws/signer.ts';
import { config } from '../../lib/config.ts';
import { distribute } from '../../lib/distribution/distribute.ts';
import { parseForm } from '../../lib/http/form.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { elementsResponse, readDistributeRequest } from '../../lib/http/requests.ts';

export const handler = httpHandler(
  async (event) => {
    const request = readDistributeRequest(await parseForm(event));
    return elementsResponse(event, await distribute({ ...deps, cdn, signer }, request));
  },
  { token: () => config().apiToken },
);
