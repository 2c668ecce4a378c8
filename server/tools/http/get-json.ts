/** `http.get-json`: GET a JSON document from an allowed host. */
import { defineHttpJsonTool, ZJsonValue } from './define-http-json-tool.ts';

/** GETs a URL on a host in STEWARD_HTTP_ALLOWED_HOSTS and returns its status and JSON body. */
export const httpGetJson = defineHttpJsonTool({
  name: 'http.get-json',
  description:
    'GET a URL on an allowed host and return { status, body } with the parsed JSON body. ' +
    'Only hosts in STEWARD_HTTP_ALLOWED_HOSTS can be reached; 4xx answers fail for good, ' +
    '5xx answers are retried, and a body that is not JSON or is too large fails.',
  method: 'GET',
  responseSchema: ZJsonValue,
});
