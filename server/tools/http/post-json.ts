/** `http.post-json`: POST a JSON body to an allowed host, with the step's idempotency key. */
import { defineHttpJsonTool, ZJsonValue } from './define-http-json-tool.ts';

/**
 * POSTs JSON to a host in STEWARD_HTTP_ALLOWED_HOSTS. Declared idempotent because it sends the
 * step's idempotency key as `Idempotency-Key`: the receiving service must deduplicate on it.
 */
export const httpPostJson = defineHttpJsonTool({
  name: 'http.post-json',
  description:
    'POST a JSON body to a URL on an allowed host and return { status, body } with the parsed ' +
    'JSON answer. Sends the step idempotency key as the Idempotency-Key header so a retry is ' +
    'not applied twice by services that honour it. 4xx answers fail for good, 5xx are retried.',
  method: 'POST',
  responseSchema: ZJsonValue,
});
