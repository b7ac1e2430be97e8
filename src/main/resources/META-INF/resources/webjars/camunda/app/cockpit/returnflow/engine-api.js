/*
 * ReturnFlow's Cockpit plugins ask the engine's REST API as the logged-in user, with Cockpit's session and CSRF
 * token: a GET, or a POST of a JSON body (the engine's query endpoints take both).
 */
export function request(api, path, body) {
  const headers = { Accept: 'application/json', 'X-XSRF-TOKEN': api.CSRFToken };
  const options = { headers };
  if (body) {
    options.method = 'POST';
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  return fetch(`${api.engineApi}${path}`, options).then((response) => {
    if (!response.ok) {
      throw new Error(`the engine answered ${response.status}`);
    }
    return response.json();
  });
}
