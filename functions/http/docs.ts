import { DOCS_CSP, renderDocsPage } from '../../lib/docs/page.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { html } from '../../lib/http/responses.ts';
import { routes } from '../../lib/routes.ts';

// The page depends on the route table only (the script finds the base URL itself), so it is
// rendered once per container.
let page: string | undefined;

export const handler = httpHandler(async () => {
  page ??= renderDocsPage(routes);
  const response = html(page);
  Object.assign(response.headers, {
    'content-security-policy': DOCS_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Redeploys change the page; a cached copy would show routes that no longer exist.
    'cache-control': 'no-cache',
  });
  return response;
});
