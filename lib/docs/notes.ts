/**
 * The General Notes of the page and the OpenAPI description, after Opencast's REST docs
 * ("503 = the service is down", "500 = a bug"), in the route table's Markdown-ish style.
 */
import type { RouteDef } from '../routes.ts';
import { documentedRoutes, shownPaths } from './model.ts';

export function generalNotes(routes: readonly RouteDef[]): string[] {
  // Derived, so a route that changes its auth changes this sentence too.
  const open = documentedRoutes(routes)
    .filter((route) => !route.auth)
    .flatMap(shownPaths)
    .map((path) => `\`${path}\``);
  return [
    'All paths are relative to the service base: the API Gateway stage URL or custom domain in AWS, `http://127.0.0.1:8080` on the local stack (`npm start`). The testing forms call the base this page was loaded from.',
    `Every route but ${open.join(', ')} needs the header \`Authorization: Bearer <token>\`; without it or with a wrong token the answer is \`401\`. The local stack's token is \`local-dev-token\` unless \`API_TOKEN\` says otherwise.`,
    'Write routes take `application/x-www-form-urlencoded` or `multipart/form-data` (anything else: `415`). A body over 10 MiB is refused with `413`, which is API Gateway\'s own limit. In AWS, Lambda\'s 6 MB invocation limit (base64 included) comes first, so keep bodies under about 4.5 MB.',
    'Elements come back in Opencast\'s element array format: each element its own XML document in the namespace `http://mediapackage.opencastproject.org`, the documents joined by `###`; no elements is an empty body.',
    'Send `Accept: application/json` to get JSON instead of XML: elements, jobs and errors alike. An error is one sentence, as `text/plain` or as `{"status": 400, "message": "…"}`.',
    '`503` means a backing service (storage or queue) is down or restarting: nothing was changed. Retry after the number of seconds in the `Retry-After` header.',
    '`500` means a general failure nobody anticipated: in other words, a bug. Please report it with the correlation id from the response body; the service logs hold the details under that id.',
  ];
}
