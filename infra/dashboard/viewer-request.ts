/**
 * The distribution's viewer-request CloudFront Function (cloudfront-js-2.0), as source text.
 *
 * CloudFront must send the Function URL its own Host, so the server would see
 * `<id>.lambda-url.<region>.on.aws` instead of the dashboard's domain. This copies the
 * viewer's Host into X-Forwarded-Host, overwriting whatever the viewer sent in it: Next's
 * server-action origin check compares the POST's Origin with X-Forwarded-Host, and Clerk
 * builds its redirects from it, so both see the domain the browser used. The origin request
 * policy (all viewer headers except Host) forwards it.
 */
export const FORWARDED_HOST_FUNCTION = `function handler(event) {
  var request = event.request;
  var host = request.headers.host;
  if (host && host.value) {
    request.headers["x-forwarded-host"] = { value: host.value };
  } else {
    delete request.headers["x-forwarded-host"];
  }
  return request;
}
`;
