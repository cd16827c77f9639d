/** The write routes' form fields, read into the use cases' requests. */
import { parseElementIds, parseMediaPackage, elementToJson, toElementArrayXml, type MediaPackageElement } from '../mediapackage/index.ts';
import type { DistributeRequest } from '../distribution/distribute.ts';
import type { RetractRequest } from '../distribution/retract.ts';
import { booleanField, requiredField, type FormFields } from './form.ts';
import { json, wantsJson, xml, type HttpResponse } from './responses.ts';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function readRetractRequest(fields: FormFields): RetractRequest {
  const channelId = requiredField(fields, 'channelId').trim();
  const elementIds = parseElementIds(fields.elementId ?? '');
  const mediapackage = parseMediaPackage(requiredField(fields, 'mediapackage'));
  return { mediapackage, channelId, elementIds };
}

export function readDistributeRequest(fields: FormFields): DistributeRequest {
  return {
    ...readRetractRequest(fields),
    checkAvailability: booleanField(fields, 'checkAvailability', true),
    preserveReference: booleanField(fields, 'preserveReference', false),
  };
}

/** Opencast's element array (`###`-joined XML documents), or a JSON array when asked for. */
export function elementsResponse(event: Pick<APIGatewayProxyEventV2, 'headers'>, elements: MediaPackageElement[]): HttpResponse {
  return wantsJson(event) ? json(elements.map(elementToJson)) : xml(toElementArrayXml(elements));
}
