import { deps } from '../../lib/aws/deps.ts';
import { config } from '../../lib/config.ts';
import { inventory, inventoryToXml } from '../../lib/distribution/inventory.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { header, json, xml } from '../../lib/http/responses.ts';

export const handler = httpHandler(
  async (event) => {
    const { channelId = '', mediapackageId = '' } = event.pathParameters ?? {};
    const result = await inventory(deps, channelId, mediapackageId);
    // JSON unless the client asks for XML.
    return /\/xml/.test(header(event, 'accept') ?? '') && !/application\/json/.test(header(event, 'accept') ?? '')
      ? xml(inventoryToXml(result))
      : json(result);
  },
  { token: () => config().apiToken },
);
