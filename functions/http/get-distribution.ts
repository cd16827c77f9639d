/**
 * GET /distributions/{channelId}/{mediapackageId+}: what is distributed for one mediapackage in
 * one channel, as JSON unless the client prefers XML.
 *
 * The path parameters are used as they arrive, never decoded again: API Gateway's HTTP API
 * percent-decodes the path before it routes, so `10.0000%2F1` and `10.0000/1` both reach the
 * greedy parameter as `10.0000/1` (the local gateway does the same). Decoding once more would
 * turn an id's literal `%41` into `A`. (HTTP APIs refuse or double-decode a `%25` in the path,
 * so an id containing `%` cannot be asked for reliably in AWS; UUIDs and `10.0000/1` never do.)
 */
import { deps } from '../../lib/aws/deps.ts';
import { signer } from '../../lib/aws/signer.ts';
import { config } from '../../lib/config.ts';
import { inventory, inventoryToXml } from '../../lib/distribution/inventory.ts';
import { BadRequestError } from '../../lib/errors.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { header, json, xml } from '../../lib/http/responses.ts';

export const handler = httpHandler(
  async (event) => {
    const { channelId, mediapackageId } = event.pathParameters ?? {};
    if (!channelId || !mediapackageId) {
      throw new BadRequestError('The path must be /distributions/{channelId}/{mediapackageId}.');
    }
    const result = await inventory({ ...deps, signer }, channelId, mediapackageId);
    return prefersXml(header(event, 'accept')) ? xml(inventoryToXml(result)) : json(result);
  },
  { token: () => config().apiToken },
);

/** XML only when the client ranks an XML type above JSON (`*` wildcards count as JSON, the default). */
function prefersXml(accept: string | undefined): boolean {
  let xmlQ = 0;
  let jsonQ = 0;
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2)) || 0;
    if (type === 'text/xml' || type === 'application/xml' || type.endsWith('+xml')) xmlQ = Math.max(xmlQ, q);
    else if (type === 'application/json' || type === 'application/*' || type === '*/*') jsonQ = Math.max(jsonQ, q);
  }
  return xmlQ > jsonQ;
}
